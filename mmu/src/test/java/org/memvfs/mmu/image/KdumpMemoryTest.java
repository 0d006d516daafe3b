package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;

class KdumpMemoryTest {
    @TempDir
    Path dir;

    /** Pages that compress, each different, so that a page served from another thread's memo shows. */
    private static TestPhysicalMemory pages(int count) {
        List<TestPhysicalMemory.Chunk> chunks = new ArrayList<>();
        byte[] data = new byte[count * 4096];
        for (int p = 0; p < count; p++) {
            byte[] text = ("page " + p + " of the kdump memory test; ").repeat(200).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, data, p * 4096, 4096);
        }
        chunks.add(new TestPhysicalMemory.Chunk(0, data));
        return new TestPhysicalMemory(chunks);
    }

    @Test
    void threadsReadingDifferentPagesAtOnceEachGetTheirOwn() throws Exception {
        TestPhysicalMemory source = pages(64);
        Path path = Files.write(dir.resolve("vmcore"), TestKdump.of(source).build());
        try (PhysicalMemory dump = MemoryImages.open(path)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long seed = t;
                    results.add(pool.submit(() -> {
                        Random random = new Random(seed);
                        for (int i = 0; i < 2000; i++) {
                            long pa = random.nextInt(64 * 4096 - 16);
                            ByteBuffer b = ByteBuffer.allocate(16);
                            dump.read(new Pa(pa), b);
                            if (!java.util.Arrays.equals(b.array(), source.bytes(pa, 16))) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> result : results) {
                    assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aLongAcrossTwoPagesAndRangesFromTheBitmap() throws IOException {
        TestPhysicalMemory source = pages(3);
        Path path = Files.write(dir.resolve("vmcore"), TestKdump.of(source).build());
        try (PhysicalMemory dump = MemoryImages.open(path)) {
            assertThat(dump.ranges()).containsExactly(new PhysicalRange(new Pa(0), 3 * 4096));
            assertThat(dump.readLong(new Pa(4092)))
                    .isEqualTo(ByteBuffer.wrap(source.bytes(4092, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong());
        }
    }

    @Test
    void compressionNamesListEveryFlag() {
        assertThat(KdumpMemory.compressionName(0x1 | 0x20)).isEqualTo("zlib+zstd");
        assertThat(KdumpMemory.compressionName(0)).isEqualTo("none");
    }
}
