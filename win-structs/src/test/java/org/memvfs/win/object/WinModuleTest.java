package org.memvfs.win.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Va;
import org.memvfs.win.KernelOptions;
import org.memvfs.win.WindowsKernel;
import org.memvfs.win.profile.WindowsProfile;
import org.memvfs.win.sample.SampleModule;
import org.memvfs.win.sample.SampleProcess;
import org.memvfs.win.testing.Patch;
import org.memvfs.win.testing.Sample;
import org.memvfs.win.testing.Samples;

/** Modules of processes (native and WoW64) and of the kernel, against the manifest; and names an image garbles. */
class WinModuleTest {
    @TempDir
    Path dir;

    static List<String> profiles() {
        return Samples.profileIds();
    }

    private static void same(List<WinModule> found, List<SampleModule> written, String as) {
        assertThat(found).as(as).hasSameSizeAs(written);
        for (int i = 0; i < found.size(); i++) {
            SampleModule s = written.get(i);
            WinModule m = found.get(i);
            String module = as + " " + s.baseName();
            assertThat(m.address()).as(module).isEqualTo(s.entry());
            assertThat(m.base()).as(module).isEqualTo(s.base());
            assertThat(m.size()).as(module).isEqualTo(s.size());
            assertThat(m.entryPoint()).as(module).isEqualTo(s.entryPoint());
            assertThat(m.fullName()).as(module).isEqualTo(s.fullName());
            assertThat(m.baseName()).as(module).isEqualTo(s.baseName());
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void processModulesAreWhatTheBuilderWrote(String profileId) {
        Sample sample = Samples.of(profileId);
        for (SampleProcess p : sample.manifest().processes()) {
            WinProcess w = sample.kernel().objects().process(p.eprocess());
            same(w.modules().items(), p.modules(), profileId + " pid " + p.pid());
            same(w.wow64Modules().items(), p.wow64Modules(), profileId + " pid " + p.pid() + " (WoW64)");
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void x64SamplesHaveAWow64ProcessWhose32BitModulesAreRead(String profileId) {
        Sample sample = Samples.of(profileId);
        List<SampleProcess> wow64 = sample.manifest().processes().stream().filter(SampleProcess::isWow64).toList();
        assertThat(wow64.isEmpty()).isEqualTo(!sample.kernel().profile().is64Bit());
        for (SampleProcess p : wow64) {
            assertThat(sample.kernel().objects().process(p.eprocess()).wow64Modules().items()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void kernelModulesAreWhatTheBuilderWrote(String profileId) {
        Sample sample = Samples.of(profileId);
        same(sample.kernel().kernelModules().items(), sample.manifest().kernelModules(), profileId + " kernel");
    }

    /** The second module of the first process with at least three, and its profile. */
    private static SampleProcess withModules(Sample sample) {
        return sample.manifest().processes().stream().filter(p -> p.isRunning() && p.modules().size() >= 3)
                .findFirst().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    @Timeout(60)
    void anAbsurdNameLengthOrABufferPointingNowhereIsAClearErrorForThatNameOnly(String profileId) {
        Sample sample = Samples.of(profileId);
        WindowsProfile profile = sample.kernel().profile();
        SampleProcess p = withModules(sample);
        SampleModule second = p.modules().get(1);
        Va fullName = second.entry().plus(profile.offset("_LDR_DATA_TABLE_ENTRY", "FullDllName"));
        Va baseName = second.entry().plus(profile.offset("_LDR_DATA_TABLE_ENTRY", "BaseDllName"));
        long nowhere = profile.is64Bit() ? 0x0000_7ead_0000_0000L : 0x7ead_0000L;
        Patch patch = sample.patch(dir);
        patch.put16(patch.userPa(p, fullName.plus(profile.offset("_UNICODE_STRING", "Length"))), 0xffff);
        Va buffer = baseName.plus(profile.offset("_UNICODE_STRING", "Buffer"));
        if (profile.is64Bit()) {
            patch.put64(patch.userPa(p, buffer), nowhere);
        } else {
            patch.put32(patch.userPa(p, buffer), nowhere);
        }
        try (PhysicalMemory patched = patch.open()) {
            WalkResult<WinModule> modules = WindowsKernel.open(patched, KernelOptions.DEFAULT).objects()
                    .process(p.eprocess()).modules();
            assertThat(modules.isComplete()).isTrue();
            assertThat(modules.items()).hasSameSizeAs(p.modules());
            WinModule garbled = modules.items().get(1);
            assertThatThrownBy(garbled::fullName).isInstanceOf(ObjectReadException.class)
                    .hasMessageContaining("FullDllName at " + fullName)
                    .hasMessageContaining("Length 0xffff is odd");
            assertThatThrownBy(garbled::baseName).isInstanceOf(ObjectReadException.class)
                    .hasMessageContaining("BaseDllName text at " + new Va(nowhere) + ": not present");
            assertThat(garbled.base()).isEqualTo(second.base());
            assertThat(modules.items().get(2).fullName()).isEqualTo(p.modules().get(2).fullName());
        }
    }

    @Test
    void aNameLongerThanItsBufferIsRefused() {
        Sample sample = Samples.of("win7-7601-x64");
        WindowsProfile profile = sample.kernel().profile();
        SampleModule first = sample.manifest().kernelModules().get(0);
        Va fullName = first.entry().plus(profile.offset("_LDR_DATA_TABLE_ENTRY", "FullDllName"));
        Patch patch = sample.patch(dir);
        patch.put16(patch.kernelPa(fullName.plus(profile.offset("_UNICODE_STRING", "Length"))), 0x7ffe);
        try (PhysicalMemory patched = patch.open()) {
            WinModule module = WindowsKernel.open(patched, KernelOptions.DEFAULT).kernelModules().items().get(0);
            assertThatThrownBy(module::fullName).isInstanceOf(ObjectReadException.class)
                    .hasMessageContaining("Length 0x7ffe is larger than MaximumLength");
            assertThat(module.baseName()).isEqualTo(first.baseName());
        }
    }
}
