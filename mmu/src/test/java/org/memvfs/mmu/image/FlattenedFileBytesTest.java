package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.ReadOnlyMemoryException;

class FlattenedFileBytesTest {
    @TempDir
    Path dir;

    private FlattenedFileBytes open(byte[] content) throws IOException {
        Path path = Files.write(dir.resolve("flat"), content);
        return FlattenedFileBytes.of(MemoryImages.openFile(path, false));
    }

    private static byte[] flat(long[][] blocks, byte[][] data, boolean end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(4096).order(ByteOrder.BIG_ENDIAN);
        header.put(0, "makedumpfile".getBytes(StandardCharsets.US_ASCII)).putLong(16, 1).putLong(24, 1);
        out.writeBytes(header.array());
        for (int i = 0; i < blocks.length; i++) {
            out.writeBytes(ByteBuffer.allocate(16).putLong(blocks[i][0]).putLong(blocks[i][1]).array());
            out.writeBytes(data[i]);
        }
        if (end) {
            out.writeBytes(ByteBuffer.allocate(16).putLong(-1).putLong(-1).array());
        }
        return out.toByteArray();
    }

    @Test
    void blocksLandAtTheirOffsetsAndGapsReadAsZeros() throws IOException {
        byte[] a = {1, 2, 3, 4};
        byte[] b = {9, 8};
        try (FlattenedFileBytes file = open(flat(new long[][] {{100, 4}, {10, 2}}, new byte[][] {a, b}, true))) {
            assertThat(file.size()).isEqualTo(104);
            assertThat(file.blocks()).isEqualTo(2);
            ByteBuffer all = ByteBuffer.allocate(104);
            file.read(0, all);
            byte[] expected = new byte[104];
            System.arraycopy(b, 0, expected, 10, 2);
            System.arraycopy(a, 0, expected, 100, 4);
            assertThat(all.array()).isEqualTo(expected);
            assertThat(file.readLong(96)).isEqualTo(0x0403_0201_0000_0000L);
            assertThat(file.isWritable()).isFalse();
            assertThatThrownBy(() -> file.write(0, ByteBuffer.allocate(1))).isInstanceOf(ReadOnlyMemoryException.class);
        }
    }

    @Test
    void aMissingEndMarkerIsTruncation() {
        byte[] content = flat(new long[][] {{0, 4}}, new byte[][] {{1, 2, 3, 4}}, false);
        assertThatThrownBy(() -> open(content)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("block 1").hasMessageContaining("end marker").hasMessageContaining("offset 0x1014");
    }

    @Test
    void aBlockPastTheEndOrWithANegativeOffsetIsRefused() {
        byte[] content = flat(new long[][] {{0, 4}}, new byte[][] {{1, 2, 3, 4}}, true);
        ByteBuffer.wrap(content).putLong(4096 + 8, 1L << 40);
        assertThatThrownBy(() -> open(content)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("block 0").hasMessageContaining("runs past the end").hasMessageContaining("offset 0x1000");
        byte[] negative = flat(new long[][] {{-5, 4}}, new byte[][] {{1, 2, 3, 4}}, true);
        assertThatThrownBy(() -> open(negative)).isInstanceOf(ImageFormatException.class).hasMessageContaining("block 0");
    }

    @Test
    void overlappingBlocksAreRefused() {
        byte[] content = flat(new long[][] {{0, 4}, {2, 4}}, new byte[][] {{1, 2, 3, 4}, {5, 6, 7, 8}}, true);
        assertThatThrownBy(() -> open(content)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("both write offset 0x2").hasMessageContaining("makedumpfile -R");
    }

    @Test
    void aWrongTypeOrAShortHeaderIsRefused() {
        byte[] content = flat(new long[0][], new byte[0][], true);
        ByteBuffer.wrap(content).putLong(16, 2);
        assertThatThrownBy(() -> open(content)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("type 2");
        assertThatThrownBy(() -> open(Arrays.copyOf(content, 100))).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("truncated");
    }
}
