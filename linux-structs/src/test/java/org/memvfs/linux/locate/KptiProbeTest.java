package org.memvfs.linux.locate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.memvfs.linux.FakeMemory;
import org.memvfs.mmu.Pa;

class KptiProbeTest {
    private static final long USER_ENTRY = 0x0000_0000_0123_4067L;

    private static FakeMemory tables(long kernelEntry, long userEntry) {
        FakeMemory memory = new FakeMemory().range(0, 0x8000);
        memory.put64(0x4000, kernelEntry).put64(0x4000 + 8 * 511, 0x0000_0000_0555_5063L);
        memory.put64(0x5000, userEntry);
        return memory;
    }

    @Test
    void theNextPageRepeatingTheUserHalfWithNxOnlyInTheKernelCopyIsKpti() {
        FakeMemory memory = tables(USER_ENTRY | KernelAddresses.PTE_NO_EXECUTE, USER_ENTRY);
        assertThat(KptiProbe.isKpti(memory, new Pa(0x4000))).isTrue();
    }

    @Test
    void aDifferentNextPageAnEmptyUserHalfOrAnOddTableIsNot() {
        assertThat(KptiProbe.isKpti(tables(USER_ENTRY, USER_ENTRY + 0x1000), new Pa(0x4000))).isFalse();
        assertThat(KptiProbe.isKpti(tables(0, 0), new Pa(0x4000))).as("nothing mapped in user space").isFalse();
        FakeMemory odd = new FakeMemory().range(0, 0x8000);
        odd.put64(0x3000, USER_ENTRY).put64(0x4000, USER_ENTRY);
        assertThat(KptiProbe.isKpti(odd, new Pa(0x3000))).as("KPTI tables are 8 KiB aligned").isFalse();
        assertThat(KptiProbe.isKpti(new FakeMemory().range(0, 0x5000), new Pa(0x4000))).as("the next page is not in the image").isFalse();
    }
}
