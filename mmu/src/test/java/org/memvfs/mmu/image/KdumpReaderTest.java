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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.CpuState;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.ReadResult;

class KdumpReaderTest {
    /** Random pages (stored raw), text pages (zlib), a zero page (the shared zero page), a hole. */
    private static final TestPhysicalMemory SOURCE = source();

    @TempDir
    Path dir;

    private static TestPhysicalMemory source() {
        List<TestPhysicalMemory.Chunk> chunks = new ArrayList<>();
        byte[] random = new byte[3 * 4096];
        new Random(71).nextBytes(random);
        chunks.add(new TestPhysicalMemory.Chunk(0, random));
        byte[] text = "the quick brown fox jumps over the lazy dog; ".repeat(400).substring(0, 2 * 4096)
                .getBytes(StandardCharsets.US_ASCII);
        chunks.add(new TestPhysicalMemory.Chunk(0x3000, text));
        chunks.add(new TestPhysicalMemory.Chunk(0x5000, new byte[4096]));
        byte[] high = new byte[2 * 4096];
        new Random(72).nextBytes(high);
        Arrays.fill(high, 4096, 6000, (byte) 7);
        chunks.add(new TestPhysicalMemory.Chunk(0x20_0000, high));
        return new TestPhysicalMemory(chunks);
    }

    private Path file(byte[] content) throws IOException {
        return Files.write(dir.resolve("vmcore"), content);
    }

    private static void assertSameMemory(PhysicalMemory memory, TestPhysicalMemory source) {
        assertThat(memory.ranges()).isEqualTo(source.ranges());
        assertThat(memory.size()).isEqualTo(source.size());
        int span = (int) source.size() + 0x3000;
        ByteBuffer actual = ByteBuffer.allocate(span);
        ByteBuffer expected = ByteBuffer.allocate(span);
        assertThat(memory.read(new Pa(0), actual)).isEqualTo(source.read(new Pa(0), expected));
        assertThat(actual.array()).isEqualTo(expected.array());
        for (long pa : new long[] {0, 0x3ff8, 0x5000, 0x20_1ff8}) {
            assertThat(memory.readLong(new Pa(pa)))
                    .isEqualTo(ByteBuffer.wrap(source.bytes(pa, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong());
        }
    }

    @Test
    void aZlibDumpReadsBackExactlyWithItsNotesAndHeaderHints() throws IOException {
        Path path = file(TestKdump.of(SOURCE).build());
        assertThat(MemoryImages.detect(path)).isEqualTo(ImageFormat.KDUMP);
        try (PhysicalMemory dump = MemoryImages.open(path)) {
            assertThat(dump.format()).isEqualTo("kdump");
            assertThat(dump.description()).contains("x86_64").contains("Linux 6.1.0-56-amd64").contains("zlib")
                    .contains("8 of 514 pages dumped").contains("2 CPUs with registers").doesNotContain("flattened");
            assertSameMemory(dump, SOURCE);
            assertThat(dump.cpus()).extracting(CpuState::cr3).containsExactly(0x2676000L, 0x26d5000L);
            assertThat(dump.hints()).contains(DumpHints.NONE.withMachine(DumpHints.MACHINE_AMD64, 2)
                    .withSystemTime(Instant.parse("2025-01-02T03:04:05.123456Z")));
            assertThat(dump.isWritable()).isFalse();
            assertThat(dump.isPresent(new Pa(0x6000))).isFalse();
            assertThat(dump.read(new Pa(0x6000), ByteBuffer.allocate(16)).isAbsent()).isTrue();
        }
    }

    @Test
    void uncompressedPagesReadTheSame() throws IOException {
        try (PhysicalMemory dump = MemoryImages.open(file(TestKdump.of(SOURCE).uncompressed().build()))) {
            assertThat(dump.description()).contains("uncompressed");
            assertSameMemory(dump, SOURCE);
        }
    }

    @Test
    void aFlattenedDumpWithBlocksOutOfOrderAndZeroBlocksLeftOutReadsTheSame() throws IOException {
        Path path = file(TestKdump.flatten(TestKdump.of(SOURCE).build()));
        assertThat(MemoryImages.detect(path)).isEqualTo(ImageFormat.KDUMP);
        try (PhysicalMemory dump = MemoryImages.open(path)) {
            assertThat(dump.description()).contains("flattened");
            assertSameMemory(dump, SOURCE);
            assertThat(dump.cpus()).hasSize(2);
        }
    }

    @Test
    void olderHeaderVersionsUseTheHeadersMaxMapnrAndMayHaveNoNotes() throws IOException {
        try (PhysicalMemory dump = MemoryImages.open(file(TestKdump.of(SOURCE).headerVersion(3).build()))) {
            assertSameMemory(dump, SOURCE);
            assertThat(dump.cpus()).isEmpty();
        }
    }

    @Test
    void absurdHeaderFieldsAreRefusedByOffset() throws IOException {
        byte[] dump = TestKdump.of(SOURCE).build();
        assertRefused(withInt(dump, 8, 0x7fff_0000), "header_version", "offset 0x8");
        assertRefused(withInt(dump, TestKdump.BLOCK_SIZE, 3000), "block_size 3000", "offset 0x1ac");
        assertRefused(withInt(dump, TestKdump.BITMAP_BLOCKS, 3), "bitmap_blocks 3", "offset 0x1b4");
        assertRefused(withInt(dump, TestKdump.BITMAP_BLOCKS, 2_000_000), "truncated");
        assertRefused(withInt(dump, TestKdump.SUB_HDR_SIZE, -1), "truncated");
        ByteBuffer mapnr = ByteBuffer.wrap(dump.clone()).order(ByteOrder.LITTLE_ENDIAN);
        mapnr.putLong(4096 + 96, 1L << 40);
        assertRefused(mapnr.array(), "max_mapnr 1099511627776", "offset 0x1060");
    }

    @Test
    void otherCompressionsAreNamedNotGuessed() throws IOException {
        byte[] dump = TestKdump.of(SOURCE).build();
        assertRefused(withInt(dump, TestKdump.STATUS, 0x2), "compressed with lzo", "offset 0x1a8");
        assertRefused(withInt(dump, TestKdump.STATUS, 0x20), "compressed with zstd");
        TestKdump writer = TestKdump.of(SOURCE);
        byte[] built = writer.build();
        // page 0x3000 is the 4th dumped page and zlib-compressed; say snappy instead
        byte[] snappy = withInt(built, (int) writer.descriptorsAt() + 3 * 24 + 12, 0x4);
        try (PhysicalMemory memory = MemoryImages.open(file(snappy))) {
            assertThat(memory.read(new Pa(0), ByteBuffer.allocate(4096)).isComplete()).isTrue();
            assertThatThrownBy(() -> memory.read(new Pa(0x3000), ByteBuffer.allocate(8)))
                    .isInstanceOf(ImageFormatException.class).hasMessageContaining("page 0x3000")
                    .hasMessageContaining("snappy").hasMessageContaining("offset 0x" + Long.toHexString(
                            writer.descriptorsAt() + 3 * 24 + 12));
        }
    }

    @Test
    void descriptorsPastTheEndAreTruncation() throws IOException {
        TestKdump writer = TestKdump.of(SOURCE);
        byte[] dump = writer.build();
        assertRefused(Arrays.copyOf(dump, (int) writer.descriptorsAt() + 24 * 3), "marks 8 pages", "truncated");
    }

    @Test
    void pageDataPastTheEndOrCorruptIsAClearErrorWhenRead() throws IOException {
        TestKdump writer = TestKdump.of(SOURCE);
        byte[] dump = writer.build();
        try (PhysicalMemory cut = MemoryImages.open(file(Arrays.copyOf(dump, dump.length - 100)))) {
            assertThat(cut.read(new Pa(0), ByteBuffer.allocate(4096)).isComplete()).isTrue();
            assertThatThrownBy(() -> cut.read(new Pa(0x20_1000), ByteBuffer.allocate(4096)))
                    .isInstanceOf(ImageFormatException.class).hasMessageContaining("page 0x201000")
                    .hasMessageContaining("truncated");
        }
        byte[] corrupt = dump.clone();
        long textDescriptor = writer.descriptorsAt() + 3 * 24;
        long textData = ByteBuffer.wrap(dump).order(ByteOrder.LITTLE_ENDIAN).getLong((int) textDescriptor);
        corrupt[(int) textData + 4] ^= 0x55;
        corrupt[(int) textData + 5] ^= 0x55;
        try (PhysicalMemory memory = MemoryImages.open(file(corrupt))) {
            assertThatThrownBy(() -> memory.read(new Pa(0x3000), ByteBuffer.allocate(4096)))
                    .isInstanceOf(ImageFormatException.class).hasMessageContaining("page 0x3000")
                    .hasMessageContaining("zlib");
        }
        byte[] oversized = withInt(dump, (int) textDescriptor + 8, 5000);
        try (PhysicalMemory memory = MemoryImages.open(file(oversized))) {
            assertThatThrownBy(() -> memory.read(new Pa(0x3000), ByteBuffer.allocate(4096)))
                    .isInstanceOf(ImageFormatException.class).hasMessageContaining("5000 bytes");
        }
    }

    @Test
    void aDescriptorNeverWrittenReadsAsAbsent() throws IOException {
        TestKdump writer = TestKdump.of(SOURCE);
        byte[] dump = writer.build();
        int last = (int) writer.descriptorsAt() + 7 * 24;
        Arrays.fill(dump, last, last + 24, (byte) 0);
        try (PhysicalMemory memory = MemoryImages.open(file(dump))) {
            ReadResult result = memory.read(new Pa(0x20_0000), ByteBuffer.allocate(2 * 4096));
            assertThat(result.absentSpans()).containsExactly(new ReadResult.Span(4096, 8192));
        }
    }

    @Test
    void aWrongSignatureIsRefusedWhenTheFormatIsForced() throws IOException {
        byte[] dump = TestKdump.of(SOURCE).build();
        dump[0] = 'X';
        Path path = file(dump);
        assertThatThrownBy(() -> MemoryImages.open(path, ImageOptions.DEFAULT.withFormat(ImageFormat.KDUMP)))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("not a kdump-compressed dump");
    }

    private static byte[] withInt(byte[] content, int offset, int value) {
        byte[] copy = content.clone();
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
}
