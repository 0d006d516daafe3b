package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.ReadResult;
import org.memvfs.mmu.Va;

class CrashDumpReaderTest {
    /** RAM as a machine has it: low pages, a gap below 1 MiB, more above. */
    private static final TestPhysicalMemory FULL = TestPhysicalMemory.randomPages(31, 0, 4, 0x10_0000, 8, 0x20_0000, 3);
    /** What a kernel dump keeps: scattered pages. */
    private static final TestPhysicalMemory KERNEL = TestPhysicalMemory.randomPages(32, 0x1000, 1, 0x5000, 2, 0x9000, 1,
            0x4_0000, 1, 0x7_f000, 1);

    @TempDir
    Path dir;

    private Path file(byte[] content) throws IOException {
        return Files.write(dir.resolve("memory.dmp"), content);
    }

    private PhysicalMemory open(byte[] content) throws IOException {
        return MemoryImages.open(file(content));
    }

    private static void assertSameMemory(PhysicalMemory dump, TestPhysicalMemory source) {
        assertThat(dump.ranges()).isEqualTo(source.ranges());
        int span = (int) source.size() + 0x3000;
        ByteBuffer actual = ByteBuffer.allocate(span);
        ByteBuffer expected = ByteBuffer.allocate(span);
        assertThat(dump.read(new Pa(0), actual)).isEqualTo(source.read(new Pa(0), expected));
        assertThat(actual.array()).isEqualTo(expected.array());
    }

    @Test
    void aFull64BitDumpReadsItsRunsAndGivesItsHeaderAsHints() throws IOException {
        DumpHints hints = TestCrashDump.windows10Hints();
        try (PhysicalMemory dump = open(TestCrashDump.of64(FULL, TestCrashDump.FULL).hints(hints).build())) {
            assertThat(MemoryImages.detect(dir.resolve("memory.dmp"))).isEqualTo(ImageFormat.CRASH_DUMP);
            assertThat(dump.format()).isEqualTo("crash-dump");
            assertThat(dump.description()).contains("64-bit full dump, 3 runs").contains("build 19041").contains("2 CPUs");
            assertSameMemory(dump, FULL);
            assertThat(dump.hints()).contains(hints);
            assertThat(dump.cpus()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {TestCrashDump.BITMAP_FULL, TestCrashDump.BITMAP_KERNEL, TestCrashDump.SUMMARY})
    void aBitmapDumpReadsItsPagesInBitmapOrderAndLeftOutPagesAreAbsent(int dumpType) throws IOException {
        try (PhysicalMemory dump = open(TestCrashDump.of64(KERNEL, dumpType).hints(TestCrashDump.windows10Hints()).build())) {
            assertThat(dump.description()).contains(dumpType == TestCrashDump.BITMAP_FULL ? "full bitmap" : "kernel bitmap")
                    .contains("6 pages");
            assertSameMemory(dump, KERNEL);
            ByteBuffer leftOut = ByteBuffer.allocate(4096);
            assertThat(dump.read(new Pa(0x2000), leftOut).isAbsent()).isTrue();
            assertThat(dump.hints().orElseThrow().psActiveProcessHead()).isEqualTo(new Va(0xfffff8034a01f0e0L));
        }
    }

    @Test
    void a32BitDumpHas32BitPointersAndSaysWhetherPaeWasOn() throws IOException {
        DumpHints hints = new DumpHints(new Pa(0x185000), new Va(0x8055a158L), new Va(0x8055c620L), new Va(0x80545ae0L),
                null, DumpHints.MACHINE_I386, 1, Instant.parse("2012-07-22T02:45:08Z"), 2600, true);
        try (PhysicalMemory full = open(TestCrashDump.of32(FULL, TestCrashDump.FULL).hints(hints).build())) {
            assertThat(full.description()).contains("32-bit full dump").contains("build 2600").contains("1 CPU)");
            assertSameMemory(full, FULL);
            assertThat(full.hints()).contains(hints);
        }
        try (PhysicalMemory bitmap = open(TestCrashDump.of32(KERNEL, TestCrashDump.BITMAP_FULL).hints(hints).build())) {
            assertSameMemory(bitmap, KERNEL);
            assertThat(bitmap.hints().orElseThrow().paeEnabled()).isTrue();
        }
    }

    @Test
    void fieldsLeftAtThePageFillerAreUnknownHints() throws IOException {
        try (PhysicalMemory dump = open(TestCrashDump.of64(FULL, TestCrashDump.FULL).build())) {
            assertThat(dump.hints()).contains(DumpHints.NONE);
            assertThat(dump.description()).doesNotContain("build").doesNotContain("CPU");
        }
    }

    @Test
    void aDumpTooShortForItsHeaderIsTruncated() throws IOException {
        byte[] dump = TestCrashDump.of64(FULL, TestCrashDump.FULL).build();
        Path cut = file(Arrays.copyOf(dump, 0x1800));
        assertThatThrownBy(() -> MemoryImages.open(cut)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("64-bit crash dump header needs 0x2000 bytes").hasMessageContaining("truncated")
                .hasMessageContaining(cut.toString());
    }

    @Test
    void aFullDumpCutShortNamesTheRunThatRunsPastTheEnd() throws IOException {
        byte[] dump = TestCrashDump.of64(FULL, TestCrashDump.FULL).build();
        Path cut = file(Arrays.copyOf(dump, dump.length - 4096));
        assertThatThrownBy(() -> MemoryImages.open(cut)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("run 2").hasMessageContaining("truncated").hasMessageContaining("offset 0xb8");
    }

    @Test
    void wrongRunCountsAreRefused() throws IOException {
        byte[] dump = TestCrashDump.of64(FULL, TestCrashDump.FULL).build();
        assertRefused(with(dump, 0x88, 2), "NumberOfPages 15 differs from the 12 pages of the 2 runs", "offset 0x90");
        assertRefused(with(dump, 0x88, 0), "NumberOfRuns 0", "offset 0x88");
        assertRefused(with(dump, 0x88, 44), "NumberOfRuns 44 is not between 1 and the 43", "offset 0x88");
        assertRefused(with(dump, 0x88, 0x4547_4150), "never filled in");
        byte[] dump32 = TestCrashDump.of32(FULL, TestCrashDump.FULL).build();
        assertRefused(with(dump32, 0x64, 87), "NumberOfRuns 87 is not between 1 and the 86", "offset 0x64");
    }

    @Test
    void absurdRunsAreRefusedNotFollowed() throws IOException {
        byte[] dump = TestCrashDump.of64(FULL, TestCrashDump.FULL).build();
        byte[] hugeCount = dump.clone();
        ByteBuffer.wrap(hugeCount).order(ByteOrder.LITTLE_ENDIAN).putLong(0xa0, Long.MAX_VALUE);
        assertRefused(hugeCount, "run 0", "offset 0x98");
        byte[] hugeBase = dump.clone();
        ByteBuffer.wrap(hugeBase).order(ByteOrder.LITTLE_ENDIAN).putLong(0x98, -1L);
        assertRefused(hugeBase, "run 0", "BasePage 0xffffffffffffffff");
    }

    @Test
    void dumpTypesWithoutMemoryOrUnknownAreNamed() throws IOException {
        byte[] dump = TestCrashDump.of64(FULL, TestCrashDump.FULL).build();
        assertRefused(with(dump, 0xf98, 4), "dump type 4 (triage) holds no physical memory", "offset 0xf98");
        assertRefused(with(dump, 0xf98, 99), "dump type 99 is not one memvfs reads");
        assertRefused(with(dump, 0xf98, 5), "needs a bitmap header");
    }

    @Test
    void aBitmapClaimingMorePagesThanTheFileHoldsIsRefused() throws IOException {
        byte[] dump = TestCrashDump.of64(KERNEL, TestCrashDump.BITMAP_KERNEL).build();
        assertRefused(Arrays.copyOf(dump, dump.length - 4096), "the bitmap marks 6 pages but the file holds only 5",
                "truncated");
        ByteBuffer many = ByteBuffer.wrap(dump.clone()).order(ByteOrder.LITTLE_ENDIAN);
        many.putLong(0x2030, 1L << 40);
        assertRefused(many.array(), "page count 1099511627776", "offset 0x2030");
        ByteBuffer wrongCount = ByteBuffer.wrap(dump.clone()).order(ByteOrder.LITTLE_ENDIAN);
        wrongCount.putLong(0x2028, 7);
        assertRefused(wrongCount.array(), "TotalPresentPages 7 differs from the 6 pages", "offset 0x2028");
        ByteBuffer firstPage = ByteBuffer.wrap(dump.clone()).order(ByteOrder.LITTLE_ENDIAN);
        firstPage.putLong(0x2020, 0x2010);
        assertRefused(firstPage.array(), "FirstPage 0x2010", "offset 0x2020");
        firstPage.putLong(0x2020, Long.MAX_VALUE);
        assertRefused(firstPage.array(), "FirstPage", "offset 0x2020");
        assertRefused(Arrays.copyOf(dump, 0x2010), "bitmap header", "truncated");
    }

    private static byte[] with(byte[] dump, int offset, int value) {
        byte[] copy = dump.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }

    private void assertRefused(byte[] content, String... parts) throws IOException {
        Path path = file(content);
        var thrown = assertThatThrownBy(() -> MemoryImages.open(path)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining(path.toString());
        for (String part : parts) {
            thrown.hasMessageContaining(part);
        }
    }

    @Test
    void theSignatureDecidesTheLayout() throws IOException {
        byte[] dump = TestCrashDump.of64(FULL, TestCrashDump.FULL).build();
        System.arraycopy("PAGEDU32".getBytes(StandardCharsets.US_ASCII), 0, dump, 0, 8);
        Path path = file(dump);
        assertThatThrownBy(() -> MemoryImages.open(path, ImageOptions.DEFAULT.withFormat(ImageFormat.CRASH_DUMP)))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("neither PAGEDU64 nor PAGEDUMP");
    }

    @Test
    void readingAHugeDumpIsNotNeededToFindItsHeaderErrors() throws IOException {
        // a header claiming a terabyte of runs in a small file: refused from the header alone
        byte[] dump = TestCrashDump.of64(FULL, TestCrashDump.FULL).build();
        ByteBuffer b = ByteBuffer.wrap(dump).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0xa0, 1L << 28).putLong(0x90, (1L << 28) + 11);
        assertRefused(dump, "run 0", "truncated");
    }

    @Test
    void runsAreReadAsTheirOwnPagesEvenWhenThePhysicalOrderDiffersFromTheFileOrder() throws IOException {
        // runs listed high address first: the file holds them in run order
        byte[] dump = TestCrashDump.of64(FULL, TestCrashDump.FULL).build();
        ByteBuffer b = ByteBuffer.wrap(dump).order(ByteOrder.LITTLE_ENDIAN);
        long base0 = b.getLong(0x98);
        long count0 = b.getLong(0xa0);
        long base2 = b.getLong(0xb8);
        long count2 = b.getLong(0xc0);
        b.putLong(0x98, base2).putLong(0xa0, count2).putLong(0xb8, base0).putLong(0xc0, count0);
        try (PhysicalMemory memory = open(dump)) {
            ByteBuffer page = ByteBuffer.allocate(4096);
            ReadResult result = memory.read(new Pa(base2 * 4096), page);
            assertThat(result.isComplete()).isTrue();
            assertThat(page.array()).isEqualTo(Arrays.copyOfRange(dump, 0x2000, 0x3000));
        }
    }
}
