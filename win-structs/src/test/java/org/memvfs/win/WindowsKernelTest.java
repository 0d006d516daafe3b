package org.memvfs.win;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Va;
import org.memvfs.win.locate.Discovery;
import org.memvfs.win.object.WalkResult;
import org.memvfs.win.object.WinModule;
import org.memvfs.win.object.WinProcess;
import org.memvfs.win.sample.SampleManifest;
import org.memvfs.win.sample.SampleModule;
import org.memvfs.win.sample.SampleProcess;
import org.memvfs.win.testing.Patch;
import org.memvfs.win.testing.Sample;
import org.memvfs.win.testing.Samples;

/** The kernel of every sample image, opened with no hints: what discovery finds and the lists it reads. */
class WindowsKernelTest {
    @TempDir
    Path dir;

    static List<String> profiles() {
        return Samples.profileIds();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void discoveryFindsWhatTheBuilderWrote(String profileId) {
        Sample sample = Samples.of(profileId);
        SampleManifest m = sample.manifest();
        Discovery d = sample.kernel().discovery();
        assertThat(d.mode()).isEqualTo(m.mode());
        assertThat(d.dtb()).isEqualTo(m.systemDtb());
        assertThat(d.kernelBase()).isEqualTo(m.kernelBase());
        assertThat(sample.kernel().kernelBase()).isEqualTo(m.kernelBase());
        assertThat(d.guidAge()).contains(m.kernelGuidAge());
        assertThat(d.buildNumber()).hasValue(m.buildNumber());
        assertThat(d.psActiveProcessHead()).isEqualTo(m.psActiveProcessHead());
        assertThat(d.psLoadedModuleList()).contains(m.psLoadedModuleList());
        assertThat(d.kdDebuggerDataBlock()).contains(m.kdDebuggerDataBlock());
        assertThat(d.kdbgEncoded()).isEqualTo(m.kdbgEncoded());
        assertThat(d.systemProcess()).isEqualTo(m.processes().get(0).eprocess());
        assertThat(sample.kernel().profile().id()).isEqualTo(m.profileId());
        assertThat(sample.kernel().kernelSpace().root()).isEqualTo(m.systemDtb());
        assertThat(sample.kernel().discoverySteps()).isNotEmpty().allSatisfy(line -> assertThat(line).isNotBlank());
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theProcessListIsTheBuildersInItsOrder(String profileId) {
        Sample sample = Samples.of(profileId);
        WalkResult<WinProcess> processes = sample.kernel().processes();
        assertThat(processes.isComplete()).isTrue();
        assertThat(processes.items()).extracting(WinProcess::address)
                .containsExactlyElementsOf(sample.manifest().processes().stream().map(SampleProcess::eprocess).toList());
        assertThat(sample.kernel().systemProcess().pid()).isEqualTo(4);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void aProcessIsFoundByItsPid(String profileId) {
        Sample sample = Samples.of(profileId);
        for (SampleProcess p : sample.manifest().processes()) {
            assertThat(sample.kernel().process(p.pid())).map(WinProcess::address).contains(p.eprocess());
        }
        assertThat(sample.kernel().process(99_999)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theKernelModulesAreTheBuildersInLoadOrder(String profileId) {
        Sample sample = Samples.of(profileId);
        WalkResult<WinModule> modules = sample.kernel().kernelModules();
        assertThat(modules.isComplete()).isTrue();
        assertThat(modules.items()).extracting(WinModule::address)
                .containsExactlyElementsOf(sample.manifest().kernelModules().stream().map(SampleModule::entry).toList());
    }

    /** Entry {@code to}'s links written as entry {@code from}'s Flink: a cycle that never comes back to the head. */
    private static Patch cycle(Sample sample, Path dir, int from, int to) {
        int links = sample.kernel().profile().offset("_EPROCESS", "ActiveProcessLinks");
        List<SampleProcess> ps = sample.manifest().processes();
        Patch patch = sample.patch(dir);
        patch.kernelPointer(ps.get(from).eprocess().plus(links), ps.get(to).eprocess().plus(links).value());
        return patch;
    }

    @ParameterizedTest
    @MethodSource("profiles")
    @Timeout(60)
    void aCycleInActiveProcessLinksEndsTheWalkAndSaysWhere(String profileId) {
        Sample sample = Samples.of(profileId);
        try (PhysicalMemory patched = cycle(sample, dir, 10, 5).open()) {
            WindowsKernel kernel = WindowsKernel.open(patched, KernelOptions.DEFAULT);
            WalkResult<WinProcess> processes = kernel.processes();
            assertThat(processes.items()).hasSize(11);
            assertThat(processes.problems()).singleElement().asString()
                    .contains("ActiveProcessLinks").contains("cycle")
                    .contains(sample.manifest().processes().get(5).eprocess()
                            .plus(kernel.profile().offset("_EPROCESS", "ActiveProcessLinks")).toString());
            assertThat(processes.describeProblems()).singleElement().asString().startsWith("partial: ");
            assertThat(kernel.discoverySteps()).anySatisfy(line -> assertThat(line).startsWith("process list: "));
            assertThat(kernel.process(sample.manifest().processes().get(3).pid())).isPresent();
        }
    }

    @Test
    @Timeout(60)
    void aProcessLinkToItselfIsACycleToo() {
        Sample sample = Samples.of("win10-19041-x64");
        try (PhysicalMemory patched = cycle(sample, dir, 7, 7).open()) {
            WalkResult<WinProcess> processes = WindowsKernel.open(patched, KernelOptions.DEFAULT).processes();
            assertThat(processes.items()).hasSize(8);
            assertThat(processes.problems()).singleElement().asString().contains("cycle");
        }
    }

    @Test
    void aModuleListThatWasNotFoundIsAFailedWalkNotAnError() {
        Sample sample = Samples.of("win10-19041-x64");
        assertThat(sample.kernel().kernelModules().items()).isNotEmpty();
        Va head = sample.manifest().psLoadedModuleList();
        assertThat(sample.kernel().objects().kernelModules(head.plus(0x1000_0000_0000L)).problems()).singleElement()
                .asString().contains("PsLoadedModuleList head");
    }

    @Test
    void aSymbolFileReadsTheSameProcessesAsTheBuiltInProfile() throws java.io.IOException {
        Sample sample = Samples.of("win10-19041-x64");
        Path isf = dir.resolve("ntkrnlmp.json");
        try (java.io.InputStream in = getClass().getResourceAsStream("/isf/win10-19041-x64.trimmed-isf.json")) {
            java.nio.file.Files.copy(in, isf);
        }
        WindowsKernel kernel = WindowsKernel.open(sample.memory(), KernelOptions.DEFAULT.withSymbols(isf));
        assertThat(kernel.profile().id()).startsWith("isf-");
        assertThat(kernel.processes().items()).extracting(WinProcess::imageFileName)
                .containsExactlyElementsOf(sample.manifest().processes().stream().map(SampleProcess::imageFileName).toList());
        assertThat(kernel.discoverySteps()).last().asString().startsWith("software PTEs: transition, prototype");
    }
}
