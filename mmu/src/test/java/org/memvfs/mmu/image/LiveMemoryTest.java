package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;

/** Live RAM files, made in /dev/shm as QEMU makes them: a sparse file of the RAM's size. */
class LiveMemoryTest {
    private static final ImageOptions LIVE = ImageOptions.DEFAULT.withFormat(ImageFormat.LIVE);
    private final Path ram = Path.of("/dev/shm", "memvfs-live-memory-test-" + ProcessHandle.current().pid());

    @AfterEach
    void deleteRam() throws IOException {
        Files.deleteIfExists(ram);
    }

    private Path ramOf(long size) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(ram.toFile(), "rw")) {
            file.setLength(size);
        }
        return ram;
    }

    private static void writeBehindItsBack(Path file, long offset, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), offset);
        }
    }

    private static String read(PhysicalMemory memory, long pa, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        memory.read(new Pa(pa), buffer);
        return new String(buffer.array(), StandardCharsets.US_ASCII);
    }

    @Test
    void itIsOpenedOnlyWhenAskedForAndSaysItIsLive() throws IOException {
        Path file = ramOf(64 << 20);
        writeBehindItsBack(file, 0, "\u00f4");
        assertThat(MemoryImages.detect(file)).isEqualTo(ImageFormat.RAW);
        try (PhysicalMemory raw = MemoryImages.open(file); PhysicalMemory live = MemoryImages.open(file, LIVE)) {
            assertThat(raw.isLive()).isFalse();
            assertThat(live.isLive()).isTrue();
            assertThat(live.format()).isEqualTo("live");
            assertThat(live.description()).contains(file.toString()).contains("mapped shared");
            assertThat(live.ranges()).containsExactly(new PhysicalRange(new Pa(0), 64 << 20));
        }
        assertThat(ImageFormat.byId("live")).isEqualTo(ImageFormat.LIVE);
    }

    @Test
    void whatTheGuestWritesIsReadAtOnceWithoutReopening() throws IOException {
        Path file = ramOf(16 << 20);
        try (PhysicalMemory memory = MemoryImages.open(file, LIVE)) {
            assertThat(read(memory, 0x12345, 6)).isEqualTo("\0\0\0\0\0\0");
            writeBehindItsBack(file, 0x12345, "seq=01");
            assertThat(read(memory, 0x12345, 6)).isEqualTo("seq=01");
            writeBehindItsBack(file, 0x12345, "seq=02");
            assertThat(read(memory, 0x12345, 6)).isEqualTo("seq=02");
            assertThat(memory.readLong(new Pa(0x12345))).isEqualTo(ByteBuffer.wrap("seq=02\0\0".getBytes(StandardCharsets.US_ASCII))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
        }
    }

    @Test
    void writesGoToTheGuestsRamOnlyWhenOpenedForWriting() throws IOException {
        Path file = ramOf(16 << 20);
        try (PhysicalMemory readOnly = MemoryImages.open(file, LIVE)) {
            assertThat(readOnly.isWritable()).isFalse();
            assertThatThrownBy(() -> readOnly.write(new Pa(0x100), ByteBuffer.wrap(new byte[] {1})))
                    .hasMessageContaining("read-only");
        }
        try (PhysicalMemory writable = MemoryImages.open(file, LIVE.withWritable(true))) {
            writable.write(new Pa(0x2000), ByteBuffer.wrap("poke".getBytes(StandardCharsets.US_ASCII)));
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, 0x2000, 4, StandardCharsets.US_ASCII)).isEqualTo("poke");
    }

    @Test
    void aRamFileOfThreeAndAHalfGibibytesOrMoreIsSplitAroundThePciHole() throws IOException {
        long size = PcRamLayout.SPLIT_FROM + (64 << 20);
        Path file = ramOf(size);
        try (PhysicalMemory memory = MemoryImages.open(file, LIVE)) {
            assertThat(memory.ranges()).containsExactly(new PhysicalRange(new Pa(0), 0xC000_0000L),
                    new PhysicalRange(new Pa(1L << 32), size - 0xC000_0000L));
            assertThat(memory.size()).isEqualTo((1L << 32) + size - 0xC000_0000L);
            writeBehindItsBack(file, 0xC000_0000L, "high");
            writeBehindItsBack(file, 0xBFFF_FFFCL, "low!");
            assertThat(read(memory, 1L << 32, 4)).isEqualTo("high");
            assertThat(read(memory, 0xBFFF_FFFCL, 4)).isEqualTo("low!");
            assertThat(memory.isPresent(new Pa(0xC000_0000L))).isFalse();
            assertThat(memory.read(new Pa(0xBFFF_FFFCL), ByteBuffer.allocate(8)).isComplete()).isFalse();
        }
    }

    @Test
    void anEmptyFileOrOneThatCannotBeMappedIsRefusedWithTheReason() throws IOException {
        Path empty = ramOf(0);
        assertThatThrownBy(() -> MemoryImages.open(empty, LIVE)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("empty").hasMessageContaining(empty.toString());
        try (FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix())) {
            Path elsewhere = Files.write(jimfs.getPath("/ram"), new byte[4096]);
            assertThatThrownBy(() -> MemoryImages.open(elsewhere, LIVE)).isInstanceOf(ImageFormatException.class)
                    .hasMessageContaining("shared mapping");
        }
    }
}
