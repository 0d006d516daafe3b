package org.memvfs.win.locate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.win.testing.ToyMemory;

/** Top tables found by their self-map, in each paging mode, on hand-written tables. */
class SelfMapScanTest {
    @Test
    void anX64Pml4PointingBackAtItselfFromTheKernelHalfIsFoundSystemsFirst() {
        ToyMemory memory = new ToyMemory(1 << 20)
                // a process's PML4 at 0x5000: a user entry, the self-map, a kernel entry
                .put64(0x5000, 0x6000 | 0x7).put64(0x5000 + 0x1ed * 8, 0x5000 | 0x3).put64(0x5000 + 0x1f0 * 8, 0x7000 | 0x3)
                // System's PML4 at 0x9000: no user entries
                .put64(0x9000 + 0x1ed * 8, 0x9000 | 0x3).put64(0x9000 + 0x1f0 * 8, 0x7000 | 0x3)
                // a page pointing at itself from the user half only: not a kernel PML4
                .put64(0xb000 + 8, 0xb000 | 0x3).put64(0xb000 + 0x1f0 * 8, 0x7000 | 0x3);
        List<SelfMapScan.Candidate> found = SelfMapScan.x64(memory, 8);
        assertThat(found).extracting(SelfMapScan.Candidate::root).containsExactly(new Pa(0x9000), new Pa(0x5000));
        assertThat(found.get(0).mode()).isEqualTo(PagingMode.X64_4LEVEL);
        assertThat(found.get(0).how()).contains("entry 0x1ed points back");
    }

    @Test
    void aSelfMapWithTheUserBitOrALargePageBitIsNotAPml4() {
        ToyMemory memory = new ToyMemory(1 << 20)
                .put64(0x5000 + 0x1ed * 8, 0x5000 | 0x7).put64(0x5000 + 0x1f0 * 8, 0x7000 | 0x3)
                .put64(0x9000 + 0x1ed * 8, 0x9000 | 0x3).put64(0x9000 + 0x1f0 * 8, 0x7000 | 0x83);
        assertThat(SelfMapScan.x64(memory, 8)).isEmpty();
    }

    @Test
    void aPaePdptIsFoundThroughTheDirectoryThatMapsTheFourDirectories() {
        // directories at 0x10000..0x13000; the last maps all four at its entries 0..3; the PDPT at 0x20040
        ToyMemory memory = new ToyMemory(1 << 20);
        for (int i = 0; i < 4; i++) {
            memory.put64(0x13000 + i * 8, (0x10000 + i * 0x1000) | 0x63);
            memory.put64(0x20040 + i * 8, (0x10000 + i * 0x1000) | 0x1);
        }
        List<SelfMapScan.Candidate> found = SelfMapScan.pae(memory, 8);
        assertThat(found).singleElement().satisfies(c -> {
            assertThat(c.mode()).isEqualTo(PagingMode.X86_PAE);
            assertThat(c.root()).isEqualTo(new Pa(0x20040));
        });
    }

    @Test
    void aPdptWithReservedBitsSetIsNotTaken() {
        ToyMemory memory = new ToyMemory(1 << 20);
        for (int i = 0; i < 4; i++) {
            memory.put64(0x13000 + i * 8, (0x10000 + i * 0x1000) | 0x63);
            memory.put64(0x20040 + i * 8, (0x10000 + i * 0x1000) | 0x3);
        }
        assertThat(SelfMapScan.pae(memory, 8)).isEmpty();
    }

    @Test
    void a32BitPageDirectoryPointsBackAtItselfFromEntry0x300() {
        ToyMemory memory = new ToyMemory(1 << 20)
                .put32(0x8000 + 0x300 * 4, 0x8000 | 0x3).put32(0x8000 + 0x200 * 4, 0x9000 | 0x3);
        assertThat(SelfMapScan.x86(memory, 8)).singleElement()
                .satisfies(c -> assertThat(c.root()).isEqualTo(new Pa(0x8000)));
    }
}
