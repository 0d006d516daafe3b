package org.memvfs.win.object;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.memvfs.mmu.Pa;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.testing.Sample;
import org.memvfs.win.testing.Samples;

/** The context the views read in. */
class KernelObjectsTest {
    @Test
    void wow64StructuresAreReadWithTheX86ProfileOfTheBuildOrTheLatestBeforeIt() {
        assertThat(KernelObjects.wow64ProfileFor(Profiles.byId("win7-7601-x64")).id()).isEqualTo("win7-7601-x86-pae");
        assertThat(KernelObjects.wow64ProfileFor(Profiles.byId("win10-18362-x64")).id()).isEqualTo("win10-18362-x86");
        assertThat(KernelObjects.wow64ProfileFor(Profiles.byId("win10-19041-x64")).id()).isEqualTo("win10-19041-x86");
        assertThat(KernelObjects.wow64ProfileFor(Profiles.byId("win11-26100-x64")).id()).isEqualTo("win10-19041-x86");
    }

    @Test
    void a32BitKernelHasNoWow64Profile() {
        assertThat(Samples.of("win10-17763-x86").kernel().objects().wow64Profile()).isEmpty();
        assertThat(Samples.of("win10-17763-x64").kernel().objects().wow64Profile()).isPresent();
    }

    @Test
    void eachTableRootHasOneAddressSpaceSharingTheKernelsCachesAndRules() {
        Sample sample = Samples.of("win10-19041-x64");
        KernelObjects objects = sample.kernel().objects();
        Pa root = sample.manifest().processes().get(5).dtb();
        assertThat(objects.spaceOf(root)).isSameAs(objects.spaceOf(root));
        assertThat(objects.spaceOf(root).caches()).isSameAs(objects.kernelSpace().caches());
        assertThat(objects.spaceOf(sample.manifest().systemDtb())).isSameAs(objects.kernelSpace());
    }

    @Test
    void kernelAddressesAreTheUpperHalf() {
        KernelObjects x64 = Samples.of("win10-19041-x64").kernel().objects();
        assertThat(x64.isKernelAddress(new org.memvfs.mmu.Va(0xffff_8000_0000_0000L))).isTrue();
        assertThat(x64.isKernelAddress(new org.memvfs.mmu.Va(0x7fff_ffff_0000L))).isFalse();
        KernelObjects x86 = Samples.of("win10-19041-x86").kernel().objects();
        assertThat(x86.isKernelAddress(new org.memvfs.mmu.Va(0x8000_0000L))).isTrue();
        assertThat(x86.isKernelAddress(new org.memvfs.mmu.Va(0x7fff_0000L))).isFalse();
    }
}
