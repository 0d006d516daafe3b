package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.Profiles;

class UserSpaceTest {
    @Test
    void regionsAreReservedOnAllocationGranularityAndRecorded() {
        BuildContext ctx = new BuildContext(Profiles.byId("win10-19041-x64"));
        long root = ctx.tables.createProcessRoot();
        UserSpace space = new UserSpace(ctx, root, 0x10_0000_0000L, 0x18_0000_0000L);
        long a = space.reserve(0x3000);
        long b = space.reserve(0x1000);
        assertThat(b - a).isEqualTo(UserSpace.GRANULARITY);
        space.privateRegion(b, 0x1_0000, VadEntry.MM_READWRITE, false, 0xE000, 2);
        space.privateRegion(a, 0x3000, VadEntry.MM_READONLY, true, 0, 1);
        space.pagedOut(b, 0, 0x10);
        AddressSpace mmu = AddressSpace.of(new PagesMemory(ctx.memory), PagingMode.X64_4LEVEL, Pa.of(root));
        assertThat(mmu.translate(Va.of(b + 0xE000)).isMapped()).isTrue();
        assertThat(mmu.translate(Va.of(b)).isMapped()).isFalse();
        assertThat(mmu.translate(Va.of(a)).flags().writable()).isFalse();
        assertThat(space.vads()).extracting(VadEntry::start).containsExactly(a, b);
        assertThat(space.vads().get(1).commitCharge()).isEqualTo(2);
        assertThat(space.vads().get(0).commitCharge()).isEqualTo(3);
        assertThat(space.softwarePages()).singleElement().satisfies(s -> assertThat(s.pageFileOffset()).isEqualTo(0x10_000));
        assertThat(space.virtualSize()).isEqualTo(0x1_3000);
    }
}
