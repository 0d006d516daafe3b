package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.StopReason;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.Profiles;

/** The x64 table writer, checked against mmu's page walk. */
class X64PageTableWriterTest {
    private static final long SYSTEM = 0x1A_A000;
    private PhysicalPages pages;
    private X64PageTableWriter tables;

    @BeforeEach
    void setUp() {
        pages = new PhysicalPages(256L << 20);
        FrameAllocator frames = new FrameAllocator(256L << 20);
        tables = new X64PageTableWriter(pages, frames, new HardwarePte(Profiles.byId("win10-19041-x64")));
        tables.createSystemRoot(frames.reserve(SYSTEM));
    }

    private AddressSpace space(long root) {
        return AddressSpace.of(new PagesMemory(pages), PagingMode.X64_4LEVEL, Pa.of(root));
    }

    @Test
    void theTopTableMapsItselfAtTheSelfMapIndex() {
        long entry = pages.getLong(SYSTEM + X64PageTableWriter.SELF_MAP_INDEX * 8L);
        assertThat(HardwarePte.frameOf(entry)).isEqualTo(SYSTEM);
        // through the self-map, the PML4 is visible at PTE_BASE's PML4-of-PML4 address
        long selfVa = X64PageTableWriter.PTE_BASE | ((long) X64PageTableWriter.SELF_MAP_INDEX << 30)
                | ((long) X64PageTableWriter.SELF_MAP_INDEX << 21) | ((long) X64PageTableWriter.SELF_MAP_INDEX << 12);
        assertThat(space(SYSTEM).translate(Va.of(selfVa)).pageBase()).contains(Pa.of(SYSTEM));
    }

    @Test
    void userPagesHaveTheUserBitAtEveryLevelAndDataIsNotExecutable() {
        long root = tables.createProcessRoot();
        tables.map(root, 0x0000_0010_0000_3000L, 0x500_0000, PageAccess.USER_DATA);
        Translation t = space(root).translate(Va.of(0x0000_0010_0000_3123L));
        assertThat(t.pa()).contains(Pa.of(0x500_0123));
        assertThat(t.flags().user()).isTrue();
        assertThat(t.flags().writable()).isTrue();
        assertThat(t.flags().executable()).isFalse();
        assertThat(t.steps()).allMatch(s -> s.entry().bit(2));
    }

    @Test
    void kernelMappingsGoToTheSystemTablesAndAreSharedAfterwards() {
        long root = tables.createProcessRoot();
        tables.map(root, 0xFFFF_B885_0E80_0000L, 0x600_0000, PageAccess.KERNEL_DATA);
        assertThat(space(SYSTEM).translate(Va.of(0xFFFF_B885_0E80_0000L)).pa()).contains(Pa.of(0x600_0000));
        assertThat(space(root).translate(Va.of(0xFFFF_B885_0E80_0000L)).isMapped()).isFalse();
        tables.shareKernelHalf(root);
        Translation t = space(root).translate(Va.of(0xFFFF_B885_0E80_0000L));
        assertThat(t.pa()).contains(Pa.of(0x600_0000));
        assertThat(t.flags().user()).isFalse();
        // each process keeps its own self-map
        assertThat(HardwarePte.frameOf(pages.getLong(root + X64PageTableWriter.SELF_MAP_INDEX * 8L))).isEqualTo(root);
    }

    @Test
    void largePagesMapTwoMegabytes() {
        tables.mapLarge(SYSTEM, 0xFFFF_F805_4E60_0000L, 0x100_0000, PageAccess.KERNEL_IMAGE);
        Translation t = space(SYSTEM).translate(Va.of(0xFFFF_F805_4E7F_F000L));
        assertThat(t.pageSize()).isEqualTo(2L << 20);
        assertThat(t.pa()).contains(Pa.of(0x11F_F000));
        assertThatThrownBy(() -> tables.mapLarge(SYSTEM, 0xFFFF_F805_4E61_0000L, 0x100_0000, PageAccess.KERNEL_IMAGE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void softwareEntriesAreNotPresentLeaves() {
        long root = tables.createProcessRoot();
        tables.setSoftwareEntry(root, 0x7FF0_0000L, 0x0000_0003_A200_0080L);
        Translation t = space(root).translate(Va.of(0x7FF0_0000L));
        assertThat(t.isMapped()).isFalse();
        assertThat(t.reason()).isEqualTo(StopReason.NOT_PRESENT);
        assertThat(t.steps().get(t.steps().size() - 1).entry().raw()).isEqualTo(0x0000_0003_A200_0080L);
        assertThat(tables.leafEntryAddress(root, 0x7FF0_0000L)).isEqualTo(t.steps().get(3).entryAddress().value());
        assertThatThrownBy(() -> tables.setSoftwareEntry(root, 0x7FF0_0000L, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theShadowRootSharesTheUserHalfAndOnlyTheChosenKernelPage() {
        long root = tables.createProcessRoot();
        tables.map(root, 0x7FFE_0000L, 0x700_0000, PageAccess.USER_READONLY);
        tables.map(SYSTEM, 0xFFFF_F805_4E60_1000L, 0x700_1000, PageAccess.KERNEL_CODE);
        tables.map(SYSTEM, 0xFFFF_B885_0E80_0000L, 0x700_2000, PageAccess.KERNEL_DATA);
        tables.mapShadowKernelPage(0xFFFF_F805_4E60_1000L, 0x700_1000, PageAccess.KERNEL_CODE);
        tables.shareKernelHalf(root);
        long shadow = tables.createShadowRoot(root);
        AddressSpace user = space(shadow);
        assertThat(user.translate(Va.of(0x7FFE_0000L)).pa()).contains(Pa.of(0x700_0000));
        assertThat(user.translate(Va.of(0xFFFF_F805_4E60_1000L)).pa()).contains(Pa.of(0x700_1000));
        assertThat(user.translate(Va.of(0xFFFF_B885_0E80_0000L)).isMapped()).isFalse();
    }
}
