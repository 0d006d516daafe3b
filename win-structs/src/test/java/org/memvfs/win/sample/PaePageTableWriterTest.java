package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.Profiles;

/** The PAE table writer, checked against mmu's page walk. */
class PaePageTableWriterTest {
    private static final long SYSTEM = 0x18_5000;
    private PhysicalPages pages;
    private PaePageTableWriter tables;

    @BeforeEach
    void setUp() {
        pages = new PhysicalPages(256L << 20);
        FrameAllocator frames = new FrameAllocator(256L << 20);
        tables = new PaePageTableWriter(pages, frames, new HardwarePte(Profiles.byId("win7-7601-x86-pae")));
        tables.createSystemRoot(frames.reserve(SYSTEM));
    }

    private AddressSpace space(long root) {
        return AddressSpace.of(new PagesMemory(pages), PagingMode.X86_PAE, Pa.of(root));
    }

    @Test
    void processRootsAre32ByteAlignedButNotPageAligned() {
        long root = tables.createProcessRoot();
        assertThat(root % 32).isZero();
        assertThat(root % PhysicalPages.PAGE).isNotZero();
        for (int i = 0; i < 4; i++) {
            // a PDPTE holds only the present bit besides the address
            assertThat(pages.getLong(root + 8L * i) & 0xFFF).isEqualTo(1);
        }
    }

    @Test
    void theSelfMapShowsPageDirectoriesAtC0600000AndPageTablesAtC0000000() {
        long root = tables.createProcessRoot();
        AddressSpace space = space(root);
        for (int i = 0; i < 4; i++) {
            long directory = HardwarePte.frameOf(pages.getLong(root + 8L * i));
            assertThat(space.translate(Va.of(PaePageTableWriter.PDE_BASE + i * 0x1000L)).pageBase()).contains(Pa.of(directory));
        }
        tables.map(root, 0x0040_0000L, 0x500_0000, PageAccess.USER_DATA);
        long pteVa = PaePageTableWriter.PTE_BASE + (0x0040_0000L >>> 12) * 8;
        long pteAddress = space.translate(Va.of(pteVa)).pa().orElseThrow().value();
        assertThat(HardwarePte.frameOf(pages.getLong(pteAddress))).isEqualTo(0x500_0000);
    }

    @Test
    void kernelEntriesAreCopiedButTheSelfMapStaysTheProcesss() {
        long root = tables.createProcessRoot();
        tables.mapLarge(SYSTEM, 0x8280_0000L, 0x100_0000, PageAccess.KERNEL_IMAGE);
        tables.map(SYSTEM, 0x84A0_0000L, 0x600_0000, PageAccess.KERNEL_DATA);
        tables.shareKernelHalf(root);
        Translation kernel = space(root).translate(Va.of(0x8290_1234L));
        assertThat(kernel.pageSize()).isEqualTo(2L << 20);
        assertThat(kernel.pa()).contains(Pa.of(0x110_1234));
        assertThat(space(root).translate(Va.of(0x84A0_0010L)).pa()).contains(Pa.of(0x600_0010));
        long ownDirectory3 = HardwarePte.frameOf(pages.getLong(root + 24));
        assertThat(space(root).translate(Va.of(PaePageTableWriter.PDE_BASE + 0x3000)).pageBase()).contains(Pa.of(ownDirectory3));
    }

    @Test
    void theSelfMapCannotBeOverwritten() {
        assertThatThrownBy(() -> tables.map(SYSTEM, 0xC000_1000L, 0x500_0000, PageAccess.KERNEL_DATA))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
