package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;

/** KUSER_SHARED_DATA in the kernel and, read-only, in every process. */
class SharedUserDataTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theKernelCopyHoldsVersionTimeAndBuild(String id) {
        ImageReader r = SampleFixtures.reader(id);
        long kuser = r.profile.is64Bit() ? AddressLayout.KUSER_X64 : AddressLayout.KUSER_X86;
        boolean win7 = r.manifest.buildNumber() < 9200;
        assertThat(r.field(kuser, "_KUSER_SHARED_DATA", "NtMajorVersion", 4)).isEqualTo(win7 ? 6 : 10);
        assertThat(r.field(kuser, "_KUSER_SHARED_DATA", "NtMinorVersion", 4)).isEqualTo(win7 ? 1 : 0);
        long system = kuser + r.profile.offset("_KUSER_SHARED_DATA", "SystemTime");
        assertThat(r.u32(system) | (r.u32(system + 4) << 32)).isEqualTo(r.manifest.systemTime());
        assertThat(r.u32(system + 8)).isEqualTo(r.u32(system + 4));
        if (r.profile.has("_KUSER_SHARED_DATA", "NtBuildNumber")) {
            assertThat(r.field(kuser, "_KUSER_SHARED_DATA", "NtBuildNumber", 4)).isEqualTo(r.manifest.buildNumber());
        } else {
            assertThat(win7).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void everyLiveAddressSpaceSeesTheSamePageReadOnly(String id) {
        ImageReader r = SampleFixtures.reader(id);
        long kuser = r.profile.is64Bit() ? AddressLayout.KUSER_X64 : AddressLayout.KUSER_X86;
        Pa kernelFrame = r.kernel.translate(Va.of(kuser)).pageBase().orElseThrow();
        for (SampleProcess p : r.manifest.processes()) {
            if (!p.isRunning()) {
                continue;
            }
            AddressSpace space = r.space(p.dtb());
            Translation t = space.translate(Va.of(AddressLayout.KUSER_USER));
            assertThat(t.pageBase()).as(p.imageFileName()).contains(kernelFrame);
            assertThat(t.flags().user()).isTrue();
            assertThat(t.flags().writable()).isFalse();
            assertThat(t.flags().executable()).isFalse();
        }
    }
}
