package org.memvfs.mmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.image.ImageOptions;
import org.memvfs.mmu.image.MemoryImages;

class AddressSpaceTest {
    private static final long TABLE = 0x7;
    private static final long LEAF = 0x7;

    @TempDir
    Path dir;

    /**
     * PML4 0x1000 → PDPT 0x2000 → PD 0x3000 → PT 0x4000. Mapped: va 0x5000 → pa 0x8000 and
     * va 0x6000 → pa 0x9000 (4 KiB, user, writable), va 0x20_0000 → pa 0x20_0000 (2 MiB,
     * read-only), va 0x4000_0000 → pa 0 (1 GiB).
     */
    private TestImage image() {
        TestImage image = new TestImage(4 << 20)
                .put64(0x1000, 0x2000 | TABLE)
                .put64(0x2000, 0x3000 | TABLE)
                .put64(0x2000 + 8, 0x0000_0000L | 0x80 | LEAF)
                .put64(0x3000, 0x4000 | TABLE)
                .put64(0x3000 + 8, 0x0020_0000L | 0x80 | 0x5)
                .put64(0x4000 + 5 * 8, 0x8000 | LEAF)
                .put64(0x4000 + 6 * 8, 0x9000 | LEAF);
        image.put(0x8ffc, "ABCD".getBytes(StandardCharsets.US_ASCII));
        image.put(0x9000, "EFGH".getBytes(StandardCharsets.US_ASCII));
        return image;
    }

    private AddressSpace space(PagingCaches caches) {
        return new AddressSpace(caches, PagingMode.X64_4LEVEL, new Pa(0x1000), SoftwareEntryResolver.NONE);
    }

    @Test
    void aLongReadOverATableThatMapsItselfGivesTheBytesShortReadsGive() {
        // every entry of the one table points at the table: every address walks it at all four
        // levels and lands on it; enumeration does not follow the loop, reads must still agree
        TestImage image = new TestImage(1 << 20);
        for (int i = 0; i < 512; i++) {
            image.put64(0x1000 + i * 8L, 0x1000 | TABLE);
        }
        AddressSpace space = AddressSpace.of(image.open(dir), PagingMode.X64_4LEVEL, new Pa(0x1000));
        assertThat(space.pages(new Va(0), new Va(0x7fff_ffff_ffffL))).isEmpty();
        List<String> leftOut = new java.util.ArrayList<>();
        assertThat(space.mappings(new Va(0), new Va(0x7fff_ffff_ffffL), leftOut::add)).isEmpty();
        assertThat(leftOut).hasSize(9).startsWith("PML4 entry 000 of the table at 0000000000001000 points back at the table "
                + "at 0000000000001000, on its own path: the 0x8000000000 bytes from 0000000000000000 are not listed")
                .endsWith("and 248 more entries like these");
        long at = 0x1234_5678_9000L;
        ByteBuffer shortRead = ByteBuffer.allocate(4096);
        assertThat(space.read(new Va(at), shortRead).isComplete()).isTrue();
        ByteBuffer longRead = ByteBuffer.allocate(64 * 4096);
        ReadResult result = space.read(new Va(at - 8 * 4096), longRead);
        assertThat(result.isComplete()).isTrue();
        for (int page = 0; page < 64; page++) {
            assertThat(java.util.Arrays.copyOfRange(longRead.array(), page * 4096, (page + 1) * 4096)).as("page %d", page)
                    .isEqualTo(shortRead.array());
        }
        assertThat(shortRead.order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0)).isEqualTo(0x1000 | TABLE);
    }

    @Test
    void aReadAcrossTwoPagesFollowsEachPagesTranslation() {
        AddressSpace space = AddressSpace.of(image().open(dir), PagingMode.X64_4LEVEL, new Pa(0x1000));
        ByteBuffer buffer = ByteBuffer.allocate(8);
        assertThat(space.read(new Va(0x5ffc), buffer).isComplete()).isTrue();
        assertThat(new String(buffer.array(), StandardCharsets.US_ASCII)).isEqualTo("ABCDEFGH");
    }

    @Test
    void unmappedPagesInAReadAreZerosAndReportedAbsent() {
        AddressSpace space = AddressSpace.of(image().open(dir), PagingMode.X64_4LEVEL, new Pa(0x1000));
        ByteBuffer buffer = ByteBuffer.allocate(3 * 4096);
        buffer.put(100, (byte) 1);
        ReadResult result = space.read(new Va(0x4000), buffer);
        assertThat(result.absentSpans()).containsExactly(new ReadResult.Span(0, 4096));
        assertThat(buffer.get(100)).isZero();
        assertThat(result.isPresent(4096)).isTrue();
        assertThat(buffer.position()).isEqualTo(3 * 4096);
    }

    @Test
    void aReadIntoTheMiddleOfABufferStartsAtItsPositionAndStopsAtItsLimit() {
        AddressSpace space = AddressSpace.of(image().open(dir), PagingMode.X64_4LEVEL, new Pa(0x1000));
        ByteBuffer buffer = ByteBuffer.allocate(16);
        buffer.position(2).limit(6);
        ReadResult result = space.read(new Va(0x6000), buffer);
        assertThat(result.length()).isEqualTo(4);
        assertThat(buffer.position()).isEqualTo(6);
        assertThat(buffer.limit()).isEqualTo(6);
        assertThat(new String(buffer.array(), 2, 4, StandardCharsets.US_ASCII)).isEqualTo("EFGH");
    }

    @Test
    void translationsAreCachedAndTheCacheCanBeEmptied() {
        MemoryCaches registry = new MemoryCaches();
        AddressSpace space = space(new PagingCaches(image().open(dir), registry));
        space.translate(new Va(0x5000));
        space.translate(new Va(0x5010));
        space.translate(new Va(0x5020));
        CacheStatistics translations = statistics(registry, "translations");
        assertThat(translations.misses()).isEqualTo(1);
        assertThat(translations.hits()).isEqualTo(2);
        assertThat(translations.entries()).isEqualTo(1);
        registry.invalidateAll();
        assertThat(statistics(registry, "translations").entries()).isZero();
        assertThat(space.translate(new Va(0x5010)).pa()).contains(new Pa(0x8010));
    }

    /**
     * Live memory: a refresh that lands while a walk is under way (its tables read, its result not
     * yet cached) must not let that walk's result, or the tables it read, be served afterwards.
     */
    @Test
    void aWalkThatARefreshOvertakesIsNotServedAfterTheRefresh() throws IOException {
        MemoryCaches registry = new MemoryCaches();
        PhysicalMemory file = MemoryImages.open(Files.write(dir.resolve("live.raw"), image().bytes()),
                ImageOptions.DEFAULT.withWritable(true));
        boolean[] refreshAfterPageTableRead = {true};
        PhysicalMemory memory = new PhysicalMemory() {
            @Override
            public String format() {
                return file.format();
            }

            @Override
            public String description() {
                return file.description();
            }

            @Override
            public long size() {
                return file.size();
            }

            @Override
            public List<PhysicalRange> ranges() {
                return file.ranges();
            }

            @Override
            public ReadResult read(Pa pa, ByteBuffer dst) {
                ReadResult result = file.read(pa, dst);
                if (pa.value() == 0x4000 && refreshAfterPageTableRead[0]) {
                    refreshAfterPageTableRead[0] = false;
                    registry.invalidateAll(); // the refresh, between reading the last table and caching the walk
                }
                return result;
            }

            @Override
            public void close() {
                file.close();
            }
        };
        AddressSpace space = space(new PagingCaches(memory, registry));
        assertThat(space.translate(new Va(0x5000)).pa()).contains(new Pa(0x8000));
        assertThat(refreshAfterPageTableRead[0]).isFalse();
        // the guest remaps the page after the refresh
        file.write(new Pa(0x4000 + 5 * 8), ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, 0x9000 | LEAF));
        assertThat(space.translate(new Va(0x5000)).pa()).contains(new Pa(0x9000));
        memory.close();
    }

    @Test
    void enumeratingSkipsEmptyEntriesWithoutReadingBelowThem() {
        MemoryCaches registry = new MemoryCaches();
        AddressSpace space = space(new PagingCaches(image().open(dir), registry));
        List<MappedPage> pages = space.pages().toList();
        assertThat(pages).extracting(MappedPage::va).containsExactly(new Va(0x5000), new Va(0x6000),
                new Va(0x20_0000), new Va(0x4000_0000));
        CacheStatistics tables = statistics(registry, "page-tables");
        // one read per table that exists (PML4, PDPT, PD, PT), nothing for the 2^36 - 4 empty pages
        assertThat(tables.hits() + tables.misses()).isEqualTo(4);
    }

    @Test
    void enumerationHonoursItsInclusiveBoundsAndClampsNonCanonicalOnes() {
        AddressSpace space = AddressSpace.of(image().open(dir), PagingMode.X64_4LEVEL, new Pa(0x1000));
        assertThat(space.pages(new Va(0x6000), new Va(0x20_0000)).map(MappedPage::va))
                .containsExactly(new Va(0x6000), new Va(0x20_0000));
        // a leaf that overlaps a bound counts, so a 2 MiB page straddling a region's start is not lost
        assertThat(space.pages(new Va(0x5fff), new Va(0x6000)).map(MappedPage::va)).containsExactly(new Va(0x5000), new Va(0x6000));
        assertThat(space.pages(new Va(0x3f_0000), new Va(0x3f_0000)).map(MappedPage::va)).containsExactly(new Va(0x20_0000));
        assertThat(space.pages(new Va(0x0000_8000_0000_0000L), new Va(-1))).isEmpty();
        assertThat(space.pages(new Va(0x7000), new Va(0x6000))).isEmpty();
        assertThat(space.pages(new Va(0), new Va(0x0000_9000_0000_0000L))).hasSize(4);
    }

    @Test
    void mappingsMergeNeighboursWithTheSameAccess() {
        AddressSpace space = AddressSpace.of(image().open(dir), PagingMode.X64_4LEVEL, new Pa(0x1000));
        List<MappedRun> runs = space.mappings(new Va(0), new Va(-1)).toList();
        assertThat(runs).hasSize(3);
        assertThat(runs.get(0)).satisfies(run -> {
            assertThat(run.start()).isEqualTo(new Va(0x5000));
            assertThat(run.length()).isEqualTo(0x2000);
            assertThat(run.pageCount()).isEqualTo(2);
            assertThat(run.flags().permissions()).isEqualTo("rwx");
        });
        assertThat(runs.get(1).flags().writable()).isFalse();
        assertThat(runs.get(2).length()).isEqualTo(1L << 30);
    }

    @Test
    void writesGoThroughTheTranslationAndNowhereElse() throws IOException {
        TestImage image = image();
        PhysicalMemory writable = MemoryImages.open(Files.write(dir.resolve("rw.raw"), image.bytes()),
                ImageOptions.DEFAULT.withWritable(true));
        AddressSpace space = AddressSpace.of(writable, PagingMode.X64_4LEVEL, new Pa(0x1000));
        space.write(new Va(0x5ffe), ByteBuffer.wrap("1234".getBytes(StandardCharsets.US_ASCII)));
        writable.close();
        byte[] after = Files.readAllBytes(dir.resolve("rw.raw"));
        byte[] expected = image.bytes().clone();
        expected[0x8ffe] = '1';
        expected[0x8fff] = '2';
        expected[0x9000] = '3';
        expected[0x9001] = '4';
        assertThat(after).isEqualTo(expected);
    }

    @Test
    void aWriteThatWouldTouchAnUnmappedPageWritesNothing() throws IOException {
        TestImage image = image();
        Path path = Files.write(dir.resolve("rw.raw"), image.bytes());
        try (PhysicalMemory writable = MemoryImages.open(path, ImageOptions.DEFAULT.withWritable(true))) {
            AddressSpace space = AddressSpace.of(writable, PagingMode.X64_4LEVEL, new Pa(0x1000));
            assertThatThrownBy(() -> space.write(new Va(0x6ffe), ByteBuffer.wrap(new byte[4])))
                    .isInstanceOf(MemoryException.class).hasMessageContaining("0000000000007000");
        }
        assertThat(Files.readAllBytes(path)).isEqualTo(image.bytes());
    }

    @Test
    void anotherRootSharesTheCachesButNotTheTranslations() {
        TestImage image = image().put64(0xa000, 0x2000 | TABLE).put64(0xa000 + 8, 0);
        PagingCaches caches = PagingCaches.standalone(image.open(dir));
        AddressSpace first = space(caches);
        AddressSpace second = first.withRoot(new Pa(0xa000));
        assertThat(first.translate(new Va(0x5000)).pa()).contains(new Pa(0x8000));
        assertThat(second.translate(new Va(0x5000)).pa()).contains(new Pa(0x8000));
        assertThat(first.translate(new Va(1L << 39)).isMapped()).isFalse();
        assertThat(second.root()).isEqualTo(new Pa(0xa000));
    }

    private static CacheStatistics statistics(MemoryCaches registry, String name) {
        return registry.statistics().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
