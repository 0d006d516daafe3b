package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;

class CrashDumpWriterTest {
    private static final TestPhysicalMemory SOURCE = TestPhysicalMemory.randomPages(41, 0, 3, 0x10_0000, 5, 0x1_0000_0000L, 2);

    @TempDir
    Path dir;

    @Test
    void theWrittenDumpReadsBackAsTheSourceWithTheHintsInItsHeader() throws IOException {
        DumpHints hints = TestCrashDump.windows10Hints();
        CrashDumpWriter writer = CrashDumpWriter.of(SOURCE, hints);
        assertThat(writer.size()).isEqualTo(0x2000 + 10 * 4096);
        Path dmp = dir.resolve("memory.dmp");
        writer.writeTo(dmp);
        assertThat(Files.size(dmp)).isEqualTo(writer.size());
        try (PhysicalMemory dump = MemoryImages.open(dmp)) {
            assertThat(dump.format()).isEqualTo("crash-dump");
            assertThat(dump.ranges()).isEqualTo(SOURCE.ranges());
            assertThat(dump.hints()).contains(hints);
            for (TestPhysicalMemory.Chunk chunk : SOURCE.chunks()) {
                ByteBuffer back = ByteBuffer.allocate(chunk.data().length);
                assertThat(dump.read(new Pa(chunk.pa()), back).isComplete()).isTrue();
                assertThat(back.array()).isEqualTo(chunk.data());
            }
        }
    }

    @Test
    void unknownMachineAndCpuCountBecomeX64AndOneTheRestStaysUnknown() throws IOException {
        Path dmp = dir.resolve("bare.dmp");
        CrashDumpWriter.of(SOURCE, null).writeTo(dmp);
        try (PhysicalMemory dump = MemoryImages.open(dmp)) {
            assertThat(dump.hints()).contains(DumpHints.NONE.withMachine(DumpHints.MACHINE_AMD64, 1));
        }
    }

    @Test
    void aReadAcrossTheHeaderAndTheFirstPageGivesBoth() throws IOException {
        CrashDumpWriter writer = CrashDumpWriter.of(SOURCE, TestCrashDump.windows10Hints());
        Path dmp = dir.resolve("memory.dmp");
        writer.writeTo(dmp);
        byte[] file = Files.readAllBytes(dmp);
        ByteBuffer across = ByteBuffer.allocate(0x200);
        ReadResult result = writer.read(0x2000 - 0x100, across);
        assertThat(result.isComplete()).isTrue();
        assertThat(across.array()).isEqualTo(Arrays.copyOfRange(file, 0x1f00, 0x2100));
        assertThat(Arrays.copyOfRange(file, 0x2000, 0x3000)).isEqualTo(SOURCE.bytes(0, 4096));
        ByteBuffer pastTheEnd = ByteBuffer.allocate(0x2000);
        assertThat(writer.read(writer.size() - 0x100, pastTheEnd).length()).isEqualTo(0x100);
        assertThat(pastTheEnd.position()).isEqualTo(0x100);
    }

    @Test
    void moreRangesThanTheHeaderHoldsAreJoinedAcrossTheSmallestGaps() throws IOException {
        long[] layout = new long[2 * 50];
        for (int i = 0; i < 50; i++) {
            // gaps of 1 page, except a few of 3 pages
            layout[2 * i] = i * 0x2000L + (i > 45 ? (i - 45) * 0x2000L : 0);
            layout[2 * i + 1] = 1;
        }
        TestPhysicalMemory scattered = TestPhysicalMemory.randomPages(42, layout);
        CrashDumpWriter writer = CrashDumpWriter.of(scattered, null);
        assertThat(writer.runs()).hasSize(43);
        Path dmp = dir.resolve("joined.dmp");
        writer.writeTo(dmp);
        try (PhysicalMemory dump = MemoryImages.open(dmp)) {
            for (TestPhysicalMemory.Chunk chunk : scattered.chunks()) {
                ByteBuffer back = ByteBuffer.allocate(4096);
                dump.read(new Pa(chunk.pa()), back);
                assertThat(back.array()).isEqualTo(chunk.data());
            }
            // a joined gap is zeros in the dump; the source reports it absent through the writer
            long gap = scattered.chunks().get(0).pa() + 4096;
            assertThat(dump.isPresent(new Pa(gap))).isTrue();
            assertThat(writer.read(0x2000 + 4096, ByteBuffer.allocate(4096)).isAbsent()).isTrue();
        }
    }

    @Test
    void rangesAreWidenedToWholePagesAndTouchingOnesJoined() {
        List<PhysicalRange> ranges = new ArrayList<>(List.of(new PhysicalRange(new Pa(0x1010), 0x20),
                new PhysicalRange(new Pa(0x2000), 0x1000), new PhysicalRange(new Pa(0x9000), 1)));
        assertThat(CrashDumpWriter.runsOf(ranges)).containsExactly(new PhysicalRange(new Pa(0x1000), 0x2000),
                new PhysicalRange(new Pa(0x9000), 0x1000));
    }
}
