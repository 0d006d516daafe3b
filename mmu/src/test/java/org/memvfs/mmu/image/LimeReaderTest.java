package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;

class LimeReaderTest {
    private static final TestPhysicalMemory SOURCE = TestPhysicalMemory.randomPages(11, 0, 3, 0x10_0000, 2, 0x4000_0000L, 1);

    @TempDir
    Path dir;

    private Path file(byte[] content) throws IOException {
        return Files.write(dir.resolve("memory.lime"), content);
    }

    @Test
    void eachRangeHeaderBecomesARangeAndTheBytesReadBackExactly() throws IOException {
        try (PhysicalMemory lime = MemoryImages.open(file(TestLime.of(SOURCE)))) {
            assertThat(lime.format()).isEqualTo("lime");
            assertThat(lime.description()).contains("LiME image").contains("3 ranges");
            assertThat(lime.ranges()).isEqualTo(SOURCE.ranges());
            for (TestPhysicalMemory.Chunk chunk : SOURCE.chunks()) {
                ByteBuffer back = ByteBuffer.allocate(chunk.data().length);
                assertThat(lime.read(new Pa(chunk.pa()), back).isComplete()).isTrue();
                assertThat(back.array()).isEqualTo(chunk.data());
            }
            ByteBuffer across = ByteBuffer.allocate(2 * 4096);
            ReadResult result = lime.read(new Pa(0x2000), across);
            assertThat(result.absentSpans()).containsExactly(new ReadResult.Span(4096, 8192));
            assertThat(Arrays.copyOfRange(across.array(), 0, 4096)).isEqualTo(SOURCE.bytes(0x2000, 4096));
        }
    }

    @Test
    void rangesNeedNotBePageAligned() throws IOException {
        byte[] data = {1, 2, 3, 4, 5};
        byte[] image = concat(TestLime.header(0x1003, 0x1007), data);
        try (PhysicalMemory lime = MemoryImages.open(file(image), ImageOptions.DEFAULT.withFormat(ImageFormat.LIME))) {
            assertThat(lime.ranges()).containsExactly(new PhysicalRange(new Pa(0x1003), 5));
            ByteBuffer b = ByteBuffer.allocate(10);
            assertThat(lime.read(new Pa(0x1000), b).absentSpans())
                    .containsExactly(new ReadResult.Span(0, 3), new ReadResult.Span(8, 10));
            assertThat(Arrays.copyOfRange(b.array(), 3, 8)).isEqualTo(data);
        }
    }

    @Test
    void aTruncatedRangeIsNamedWithItsHeaderOffset() throws IOException {
        byte[] whole = TestLime.of(SOURCE);
        Path cut = file(Arrays.copyOf(whole, whole.length - 100));
        long lastHeader = 2 * 32 + 5 * 4096;
        assertThatThrownBy(() -> MemoryImages.open(cut)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("range 2").hasMessageContaining("truncated").hasMessageContaining(cut.toString())
                .hasMessageContaining("offset 0x" + Long.toHexString(lastHeader + 8));
    }

    @Test
    void aHalfHeaderAtTheEndIsTruncation() throws IOException {
        Path cut = file(concat(TestLime.of(SOURCE), Arrays.copyOf(TestLime.header(0x5000_0000L, 0x5000_0fffL), 20)));
        assertThatThrownBy(() -> MemoryImages.open(cut)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("range 3").hasMessageContaining("20 bytes left");
    }

    @Test
    void aWrongMagicOrVersionInALaterHeaderIsRefused() throws IOException {
        byte[] image = TestLime.of(SOURCE);
        int second = 32 + 3 * 4096;
        byte[] wrongMagic = image.clone();
        wrongMagic[second] = 'X';
        Path a = file(wrongMagic);
        assertThatThrownBy(() -> MemoryImages.open(a)).hasMessageContaining("range 1").hasMessageContaining("magic")
                .hasMessageContaining("offset 0x" + Integer.toHexString(second));
        byte[] wrongVersion = image.clone();
        ByteBuffer.wrap(wrongVersion).order(ByteOrder.LITTLE_ENDIAN).putInt(second + 4, 2);
        Path b = file(wrongVersion);
        assertThatThrownBy(() -> MemoryImages.open(b)).hasMessageContaining("LiME version 2");
    }

    @Test
    void anEndBelowTheStartOrAWholeAddressSpaceRangeIsRefused() throws IOException {
        Path backwards = file(concat(TestLime.header(0x2000, 0x1000), new byte[4096]));
        assertThatThrownBy(() -> MemoryImages.open(backwards)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("below its start");
        Path everything = file(concat(TestLime.header(0, -1L), new byte[4096]));
        assertThatThrownBy(() -> MemoryImages.open(everything)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("runs past the end");
    }

    @Test
    void overlappingRangesAreRefused() throws IOException {
        byte[] image = concat(TestLime.header(0, 0x1fff), new byte[0x2000], TestLime.header(0x1000, 0x1fff), new byte[0x1000]);
        Path path = file(image);
        assertThatThrownBy(() -> MemoryImages.open(path)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("overlap");
    }

    static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        ByteBuffer out = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }
}
