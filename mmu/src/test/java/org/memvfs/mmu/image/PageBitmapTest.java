package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.memvfs.mmu.ImageFormatException;

class PageBitmapTest {
    @TempDir
    Path dir;

    private PageBitmap read(byte[] content, long offset, long bits) throws IOException {
        Path path = Files.write(dir.resolve("bitmap"), content);
        try (FileBytes file = MemoryImages.openFile(path, false)) {
            return PageBitmap.read(file, offset, bits, "the test bitmap");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 65, 514, 4095, 4096, 4097, 70_001})
    void rankAndRunsAgreeWithCountingBitByBit(int bits) throws IOException {
        byte[] bytes = new byte[(bits + 7) / 8 + 3];
        Random random = new Random(bits);
        random.nextBytes(bytes);
        // long runs of ones and zeros as well as noise
        for (int i = bytes.length / 3; i < bytes.length / 2; i++) {
            bytes[i] = (byte) (i % 2 == 0 ? 0xff : 0);
        }
        PageBitmap bitmap = read(bytes, 3, bits);
        BitSet expected = BitSet.valueOf(java.util.Arrays.copyOfRange(bytes, 3, bytes.length));
        expected.clear(bits, expected.length() + 1);
        assertThat(bitmap.bits()).isEqualTo(bits);
        assertThat(bitmap.count()).isEqualTo(expected.cardinality());
        long rank = 0;
        for (int bit = 0; bit < bits; bit++) {
            assertThat(bitmap.rank(bit)).as("rank of %d", bit).isEqualTo(rank);
            assertThat(bitmap.isSet(bit)).isEqualTo(expected.get(bit));
            rank += expected.get(bit) ? 1 : 0;
        }
        assertThat(bitmap.rank(bits)).isEqualTo(rank);
        assertThat(bitmap.isSet(bits)).isFalse();
        assertThat(bitmap.isSet(-1)).isFalse();
        List<long[]> runs = new ArrayList<>();
        bitmap.forEachRun((first, end) -> runs.add(new long[] {first, end}));
        long covered = 0;
        for (long[] run : runs) {
            assertThat(expected.get((int) run[0], (int) run[1]).cardinality()).isEqualTo(run[1] - run[0]);
            assertThat(run[0] == 0 || !expected.get((int) run[0] - 1)).isTrue();
            assertThat(!expected.get((int) run[1])).isTrue();
            covered += run[1] - run[0];
        }
        assertThat(covered).isEqualTo(expected.cardinality());
    }

    @Test
    void nextSetAndNextClearStopAtTheEnd() {
        PageBitmap bitmap = PageBitmap.of(new long[] {0b1011_0000L, -1L}, 100);
        assertThat(bitmap.nextSet(0)).isEqualTo(4);
        assertThat(bitmap.nextClear(4)).isEqualTo(6);
        assertThat(bitmap.nextSet(8)).isEqualTo(64);
        assertThat(bitmap.nextClear(64)).isEqualTo(100);
        assertThat(bitmap.nextSet(100)).isEqualTo(100);
    }

    @Test
    void aBitmapPastTheEndOfTheFileIsTruncationNotARead() {
        assertThatThrownBy(() -> read(new byte[10], 4, 64)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("the test bitmap").hasMessageContaining("truncated");
        assertThatThrownBy(() -> read(new byte[10], 0, Long.MAX_VALUE)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("more than memvfs can index");
    }
}
