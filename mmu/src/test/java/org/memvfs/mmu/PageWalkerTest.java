package org.memvfs.mmu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk loop on hand-built tables: the modes real guests here cannot show (PAE, 32-bit with
 * PSE-36), every reason a walk stops, and the software-entry hook.
 */
class PageWalkerTest {
    private static final long P = 0x1;
    private static final long RW = 0x2;
    private static final long US = 0x4;
    private static final long PS = 0x80;
    private static final long NX = 1L << 63;
    private static final long TABLE = P | RW | US;

    @TempDir
    Path dir;

    /** x86-64 4-level tables: PML4 at 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000. */
    private TestImage x64() {
        return new TestImage(1 << 20)
                .put64(0x1000, 0x2000 | TABLE)
                .put64(0x2000, 0x3000 | TABLE)
                .put64(0x2000 + 8, 0x4000_0000L | P | PS)            // va 0x4000_0000: a 1 GiB page
                .put64(0x3000, 0x4000 | TABLE)
                .put64(0x3000 + 8, 0x0060_0000L | P | RW | PS | NX)   // va 0x20_0000: a 2 MiB page
                .put64(0x4000 + 5 * 8, 0x0008_5000L | P | US);        // va 0x5000: a 4 KiB page
    }

    private AddressSpace space(TestImage image, PagingMode mode, long cr3) {
        return AddressSpace.of(image.open(dir), mode, mode.rootOf(cr3));
    }

    @Test
    void x64FindsFourKiBTwoMiBAndOneGiBPagesAndRecordsEveryStep() {
        AddressSpace space = space(x64(), PagingMode.X64_4LEVEL, 0x1000);
        Translation small = space.walk(new Va(0x5123));
        assertThat(small.pa()).contains(new Pa(0x85123));
        assertThat(small.pageSize()).isEqualTo(0x1000);
        assertThat(small.flags().writable()).isFalse();
        assertThat(small.flags().user()).isTrue();
        assertThat(small.steps()).extracting(s -> s.level().name()).containsExactly("PML4", "PDPT", "PD", "PT");
        assertThat(small.steps().get(3).entryOffset()).isEqualTo(0x28);
        assertThat(small.steps().get(3).table()).isEqualTo(new Pa(0x4000));

        Translation medium = space.walk(new Va(0x3f_fffe));
        assertThat(medium.pa()).contains(new Pa(0x7f_fffe));
        assertThat(medium.pageSize()).isEqualTo(2L << 20);
        assertThat(medium.flags().executable()).isFalse();
        assertThat(medium.steps()).hasSize(3);

        Translation large = space.walk(new Va(0x7fff_ffff));
        assertThat(large.pa()).contains(new Pa(0x7fff_ffff));
        assertThat(large.pageSize()).isEqualTo(1L << 30);
    }

    @Test
    void pcidAndFlagBitsOfCr3AreMaskedOff() {
        AddressSpace space = space(x64(), PagingMode.X64_4LEVEL, 0x1000 | 0x123);
        assertThat(space.root()).isEqualTo(new Pa(0x1000));
        assertThat(space.walk(new Va(0x5000)).pa()).contains(new Pa(0x85000));
    }

    @Test
    void aNotPresentEntryStopsTheWalkThereAndSaysSo() {
        Translation t = space(x64(), PagingMode.X64_4LEVEL, 0x1000).walk(new Va(0x6000));
        assertThat(t.isMapped()).isFalse();
        assertThat(t.reason()).isEqualTo(StopReason.NOT_PRESENT);
        assertThat(t.steps()).hasSize(4);
        assertThat(t.describe()).contains("not present at PT");
    }

    @Test
    void reservedBitsInALargePageEntryStopTheWalk() {
        TestImage image = x64().put64(0x3000 + 16, 0x0080_0000L | 0x2000 | P | PS); // bit 13 must be zero
        Translation t = space(image, PagingMode.X64_4LEVEL, 0x1000).walk(new Va(0x40_0000));
        assertThat(t.reason()).isEqualTo(StopReason.RESERVED_BITS);
        assertThat(t.detail()).contains("0x2000");
    }

    @Test
    void aPageSizeBitInThePml4IsALargePageWhereNoneMayBe() {
        TestImage image = x64().put64(0x1000 + 8, 0x8000_0000L | P | PS);
        Translation t = space(image, PagingMode.X64_4LEVEL, 0x1000).walk(new Va(1L << 39));
        assertThat(t.reason()).isEqualTo(StopReason.LARGE_PAGE_NOT_ALLOWED);
        assertThat(t.steps()).hasSize(1);
    }

    @Test
    void aTableOutsidePhysicalMemoryStopsTheWalk() {
        TestImage image = x64().put64(0x1000 + 16, 0x7_0000_0000L | TABLE);
        Translation t = space(image, PagingMode.X64_4LEVEL, 0x1000).walk(new Va(2L << 39));
        assertThat(t.reason()).isEqualTo(StopReason.TABLE_OUTSIDE_MEMORY);
        assertThat(t.detail()).contains("0x700000000");
    }

    @Test
    void aRootOutsidePhysicalMemoryFailsEveryTranslationWithThatReason() {
        Translation t = space(x64(), PagingMode.X64_4LEVEL, 0x40_0000_0000L).walk(new Va(0x5000));
        assertThat(t.reason()).isEqualTo(StopReason.TABLE_OUTSIDE_MEMORY);
        assertThat(t.steps()).isEmpty();
    }

    @Test
    void nonCanonicalAddressesDoNotTranslate() {
        AddressSpace space = space(x64(), PagingMode.X64_4LEVEL, 0x1000);
        assertThat(space.walk(new Va(0x0000_8000_0000_5000L)).reason()).isEqualTo(StopReason.NON_CANONICAL);
        assertThat(space.walk(new Va(0xffff_0000_0000_5000L)).reason()).isEqualTo(StopReason.NON_CANONICAL);
    }

    @Test
    void aTableThatPointsAtItselfEndsTheWalkWithinTheLevelCount() {
        // PML4[0x1ed] -> PML4, as the Windows self-map: the walk reads the PML4 at every level
        TestImage image = x64().put64(0x1000 + 0x1ed * 8, 0x1000 | P | RW);
        AddressSpace space = space(image, PagingMode.X64_4LEVEL, 0x1000);
        long selfMapOfSelfMap = 0xffff_0000_0000_0000L | (0x1edL << 39) | (0x1edL << 30) | (0x1edL << 21) | (0x1edL << 12);
        Translation t = space.walk(new Va(selfMapOfSelfMap));
        assertThat(t.pa()).contains(new Pa(0x1000));
        assertThat(t.steps()).hasSize(4);
        // enumerating does not follow the loop
        List<MappedPage> pages = space.pages().toList();
        assertThat(pages).extracting(p -> p.va().value()).contains(0x5000L).doesNotContain(selfMapOfSelfMap);
    }

    @Test
    void fiveLevelPagingTranslates57BitAddresses() {
        TestImage image = new TestImage(1 << 20)
                .put64(0x1000 + 0x1ff * 8, 0x2000 | TABLE)    // PML5[511]
                .put64(0x2000 + 0x1ff * 8, 0x3000 | TABLE)    // PML4[511]
                .put64(0x3000, 0x4000 | TABLE)
                .put64(0x4000, 0x5000 | TABLE)
                .put64(0x5000, 0x9000 | P);
        AddressSpace space = space(image, PagingMode.X64_5LEVEL, 0x1000);
        Va va = new Va(0xffff_ff80_0000_0000L);
        assertThat(PagingMode.X64_4LEVEL.isValid(va.value())).isTrue();
        Translation t = space.walk(va);
        assertThat(t.pa()).contains(new Pa(0x9000));
        assertThat(t.steps()).extracting(s -> s.level().name()).containsExactly("PML5", "PML4", "PDPT", "PD", "PT");
        // canonical under LA57, not under 4-level
        assertThat(space.walk(new Va(0xff00_0000_0000_0000L)).reason()).isNotEqualTo(StopReason.NON_CANONICAL);
        assertThat(PagingMode.X64_4LEVEL.isValid(0xff00_0000_0000_0000L)).isFalse();
    }

    @Test
    void paeWalksFromA32ByteAlignedRootThroughFourPdptEntries() {
        TestImage image = new TestImage(1 << 20)
                .put64(0x1020 + 3 * 8, 0x3000 | P)              // PDPT[3] covers 0xc000_0000..
                .put64(0x3000 + 1 * 8, 0x0040_0000L | P | RW | PS) // PD[1]: 2 MiB page
                .put64(0x3000 + 2 * 8, 0x4000 | P | RW)
                .put64(0x4000 + 7 * 8, 0x1_2345_6000L | P | NX);     // PT[7]: a page above 4 GiB
        AddressSpace space = space(image, PagingMode.X86_PAE, 0x1020 | 0x18);
        assertThat(space.root()).isEqualTo(new Pa(0x1020));
        Translation large = space.walk(new Va(0xc02f_0001L));
        assertThat(large.pa()).contains(new Pa(0x004f_0001));
        assertThat(large.pageSize()).isEqualTo(2L << 20);
        Translation small = space.walk(new Va(0xc040_7abcL));
        assertThat(small.pa()).contains(new Pa(0x1_2345_6abcL));
        assertThat(small.flags().executable()).isFalse();
        assertThat(space.walk(new Va(0x1_0000_0000L)).reason()).isEqualTo(StopReason.NON_CANONICAL);
    }

    @Test
    void paeRefusesAPdptEntryWithReservedBits() {
        TestImage image = new TestImage(1 << 20).put64(0x1000, 0x3000 | P | RW);
        Translation t = space(image, PagingMode.X86_PAE, 0x1000).walk(new Va(0x1000));
        assertThat(t.reason()).isEqualTo(StopReason.RESERVED_BITS);
        assertThat(t.steps()).singleElement().extracting(s -> s.level().name()).isEqualTo("PDPT");
    }

    @Test
    void thirtyTwoBitPagingMaps4MiBPagesWithPse36HighBitsAnd4KiBPages() {
        TestImage image = new TestImage(1 << 20)
                .put32(0x1000 + 0x300 * 4, 0x0080_0000L | (0x12L << 13) | P | RW | PS) // va 0xc000_0000: 4 MiB
                .put32(0x1000 + 1 * 4, 0x2000 | P | RW | US)
                .put32(0x2000 + 3 * 4, 0x0badc000L | P | US);
        AddressSpace space = space(image, PagingMode.X86_32, 0x1000);
        Translation large = space.walk(new Va(0xc012_3456L));
        assertThat(large.pa()).contains(new Pa(0x12_0092_3456L));
        assertThat(large.pageSize()).isEqualTo(4L << 20);
        Translation small = space.walk(new Va(0x0040_3010L));
        assertThat(small.pa()).contains(new Pa(0x0badc010L));
        assertThat(small.steps()).extracting(WalkStep::entryOffset).containsExactly(4, 12);
        assertThat(small.flags().writable()).isFalse();
    }

    @Test
    void notPresentNonZeroEntriesGoThroughTheSoftwareHook() {
        TestImage image = x64()
                .put64(0x4000 + 6 * 8, 0x0000_0000_000a_b800L)   // "transition": the hook resolves it
                .put64(0x4000 + 7 * 8, 0x0000_0123_0000_0080L);  // "paging file": the hook explains it
        List<Pte> asked = new ArrayList<>();
        SoftwareEntryResolver rules = (level, entry, va) -> {
            asked.add(entry);
            if (entry.bit(11)) {
                return SoftwareEntry.resolved(StopReason.TRANSITION, new Pa(entry.raw() & 0xffff_f000L), "");
            }
            return SoftwareEntry.unresolved(StopReason.PAGED_OUT, "pagefile 0 offset " + Hex.of(entry.bits(32, 32) << 12));
        };
        AddressSpace space = space(image, PagingMode.X64_4LEVEL, 0x1000).withResolver(rules);
        Translation transition = space.walk(new Va(0x6010));
        assertThat(transition.pa()).contains(new Pa(0xab010));
        assertThat(transition.reason()).isEqualTo(StopReason.TRANSITION);
        assertThat(transition.flags().software()).isTrue();
        Translation pagedOut = space.walk(new Va(0x7000));
        assertThat(pagedOut.isMapped()).isFalse();
        assertThat(pagedOut.reason()).isEqualTo(StopReason.PAGED_OUT);
        assertThat(pagedOut.describe()).contains("paged out").contains("pagefile 0 offset 0x123000");
        space.walk(new Va(0x8000)); // a zero entry: not worth asking about
        assertThat(asked).hasSize(2);
        // the software page shows up when enumerating, the paged-out one does not
        assertThat(space.pages().map(MappedPage::va)).contains(new Va(0x6000)).doesNotContain(new Va(0x7000));
    }
}
