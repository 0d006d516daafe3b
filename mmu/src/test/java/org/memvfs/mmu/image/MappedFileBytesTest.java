package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads that cross the boundary between two mapped chunks, on a sparse file just over 1 GiB. */
class MappedFileBytesTest {
    private static final long BOUNDARY = 1L << MappedFileBytes.CHUNK_SHIFT;

    @TempDir
    Path dir;

    @Test
    void readsAndLongsAcrossAChunkBoundaryAreWhole() throws IOException {
        Path path = dir.resolve("sparse.raw");
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(BOUNDARY + 8192);
            file.seek(BOUNDARY - 4);
            file.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
             MappedFileBytes bytes = new MappedFileBytes(path, channel, false)) {
            ByteBuffer eight = ByteBuffer.allocate(8);
            bytes.read(BOUNDARY - 4, eight);
            assertThat(eight.array()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            long expected = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(bytes.readLong(BOUNDARY - 4)).isEqualTo(expected);
            assertThat(bytes.size()).isEqualTo(BOUNDARY + 8192);
        }
    }
}
