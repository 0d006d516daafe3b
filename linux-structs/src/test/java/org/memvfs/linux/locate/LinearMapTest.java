package org.memvfs.linux.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.memvfs.linux.FakeMemory;
import org.memvfs.mmu.MemoryException;

class LinearMapTest {

    @Test
    void kernelImageAddressesWrapAroundANegativePhysBase() {
        FakeMemory memory = new FakeMemory().range(0, 0x20000);
        memory.put64(0x10040, 0x1122334455667788L);
        long physBase = 0xffff_ffff_f000_0000L; // the image was moved 256 MiB below its link address
        LinearMap map = LinearMap.kernelImage(memory, physBase);
        long va = KernelAddresses.KERNEL_IMAGE_BASE + 0x1001_0040L;
        assertThat(map.pa(va)).isEqualTo(0x10040);
        assertThat(map.readLong(va)).isEqualTo(0x1122334455667788L);
    }

    @Test
    void theDirectMapIsKnownOnlyOnceItsBaseIs() {
        FakeMemory memory = new FakeMemory().range(0, 0x20000);
        memory.put32(0x8000, 42);
        long base = 0xff11_0000_0000_0000L;
        LinearMap image = LinearMap.kernelImage(memory, 0);
        assertThat(image.pa(base + 0x8000)).isEqualTo(-1);
        LinearMap both = image.withDirectMap(base);
        assertThat(both.readInt(base + 0x8000)).isEqualTo(42);
        assertThat(both.pa(base + 0x20000)).as("beyond the image").isEqualTo(-1);
    }

    @Test
    void addressesOutsideBothMapsOrInHolesAreNamedErrors() {
        FakeMemory memory = new FakeMemory().range(0, 0x1000).range(0x3000, 0x1000);
        LinearMap map = LinearMap.kernelImage(memory, 0).withDirectMap(0xffff_8880_0000_0000L);
        assertThatThrownBy(() -> map.readLong(0x7f00_0000_0000L)).isInstanceOf(MemoryException.class)
                .hasMessageContaining("neither the kernel image nor the direct map");
        assertThatThrownBy(() -> map.readLong(0xffff_8880_0000_2000L)).hasMessageContaining("hole");
    }
}
