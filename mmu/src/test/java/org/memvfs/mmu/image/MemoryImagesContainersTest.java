package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.ReadResult;

/**
 * One physical memory written in every container memvfs reads: each reader must give the same
 * ranges, the same bytes and the same absent spans as the raw image of it read through a memory
 * map, for reads anywhere — inside ranges, across holes, past the end.
 */
class MemoryImagesContainersTest {
    private static final TestPhysicalMemory SOURCE = source();

    @TempDir
    Path dir;

    private static TestPhysicalMemory source() {
        List<TestPhysicalMemory.Chunk> chunks = new ArrayList<>();
        Random random = new Random(81);
        byte[] low = new byte[4 * 4096];
        random.nextBytes(low);
        byte[] text = "memvfs reads every container the same way. ".repeat(200).substring(0, 4096)
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, low, 4096, 4096);
        chunks.add(new TestPhysicalMemory.Chunk(0, low));
        byte[] middle = new byte[3 * 4096];
        random.nextBytes(middle);
        java.util.Arrays.fill(middle, 4096, 8192, (byte) 0);
        chunks.add(new TestPhysicalMemory.Chunk(0x1_0000, middle));
        byte[] high = new byte[4096];
        random.nextBytes(high);
        chunks.add(new TestPhysicalMemory.Chunk(0x4_0000, high));
        return new TestPhysicalMemory(chunks);
    }

    static Stream<Arguments> containers() {
        List<Arguments> all = new ArrayList<>();
        all.add(container("ELF core", (Path dir) -> write(dir.resolve("memory.core"), TestElfCore.of(SOURCE))));
        all.add(container("crash dump, 64-bit full", (Path dir) -> write(dir.resolve("full64.dmp"),
                TestCrashDump.of64(SOURCE, TestCrashDump.FULL).build())));
        all.add(container("crash dump, 64-bit full bitmap", (Path dir) -> write(dir.resolve("bitmap64.dmp"),
                TestCrashDump.of64(SOURCE, TestCrashDump.BITMAP_FULL).build())));
        all.add(container("crash dump, 64-bit kernel bitmap", (Path dir) -> write(dir.resolve("kernel64.dmp"),
                TestCrashDump.of64(SOURCE, TestCrashDump.BITMAP_KERNEL).build())));
        all.add(container("crash dump, 32-bit full", (Path dir) -> write(dir.resolve("full32.dmp"),
                TestCrashDump.of32(SOURCE, TestCrashDump.FULL).build())));
        all.add(container("crash dump, 32-bit bitmap", (Path dir) -> write(dir.resolve("bitmap32.dmp"),
                TestCrashDump.of32(SOURCE, TestCrashDump.BITMAP_FULL).build())));
        all.add(container("crash dump by CrashDumpWriter", (Path dir) -> {
            Path dmp = dir.resolve("written.dmp");
            CrashDumpWriter.of(SOURCE, TestCrashDump.windows10Hints()).writeTo(dmp);
            return dmp;
        }));
        all.add(container("LiME", (Path dir) -> write(dir.resolve("memory.lime"), TestLime.of(SOURCE))));
        all.add(container("VMware .vmem + .vmss", (Path dir) -> TestVmware.of(SOURCE).write(dir, "vm")));
        all.add(container("VMware .vmsn holding the memory", (Path dir) -> TestVmware.of(SOURCE).snapshot().embedded(false)
                .write(dir, "snap")));
        all.add(container("kdump, zlib", (Path dir) -> write(dir.resolve("vmcore"), TestKdump.of(SOURCE).build())));
        all.add(container("kdump, uncompressed", (Path dir) -> write(dir.resolve("vmcore.raw"),
                TestKdump.of(SOURCE).uncompressed().build())));
        all.add(container("kdump, flattened", (Path dir) -> write(dir.resolve("vmcore.flat"),
                TestKdump.flatten(TestKdump.of(SOURCE).build()))));
        return all.stream();
    }

    private static Arguments container(String name, Function<Path, Path> writer) {
        return Arguments.of(name, writer);
    }

    private static Path write(Path path, byte[] content) {
        try {
            return Files.write(path, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PhysicalMemory rawWithMap() throws IOException {
        Path raw = write(dir.resolve("memory.raw"), SOURCE.raw());
        Path mapFile = Files.writeString(dir.resolve("memory.map"), SOURCE.memoryMap());
        return MemoryImages.open(raw, ImageOptions.DEFAULT.withMemoryMap(mapFile));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void everyContainerReadsLikeTheRawImageOfTheSameMemory(String name, Function<Path, Path> writer) throws IOException {
        try (PhysicalMemory raw = rawWithMap(); PhysicalMemory container = MemoryImages.open(writer.apply(dir))) {
            assertThat(container.ranges()).as(name).isEqualTo(raw.ranges());
            assertThat(container.size()).isEqualTo(raw.size());
            Random random = new Random(82);
            long span = SOURCE.size() + 0x2000;
            List<long[]> reads = new ArrayList<>(List.of(new long[] {0, (int) span}, new long[] {0x3ffc, 8},
                    new long[] {0x1_2fff, 0x1002}, new long[] {0x4_0ff8, 16},
                    // the top of the address space, signed and unsigned: absent, and the read ends
                    new long[] {0x7fff_ffff_ffff_fff0L, 32}, new long[] {-16L, 8}));
            for (int i = 0; i < 300; i++) {
                reads.add(new long[] {random.nextLong(span), 1 + random.nextInt(3 * 4096)});
            }
            for (long[] read : reads) {
                ByteBuffer a = ByteBuffer.allocate((int) read[1]);
                ByteBuffer b = ByteBuffer.allocate((int) read[1]);
                ReadResult fromContainer = container.read(new Pa(read[0]), a);
                ReadResult fromRaw = raw.read(new Pa(read[0]), b);
                assertThat(fromContainer).as("%s: read of %d at %x", name, read[1], read[0]).isEqualTo(fromRaw);
                assertThat(a.array()).as("%s: bytes of %d at %x", name, read[1], read[0]).isEqualTo(b.array());
                Pa pa = new Pa(read[0]);
                assertThat(container.isPresent(pa)).isEqualTo(raw.isPresent(pa));
                Throwable longFromRaw = catchThrowable(() -> raw.readLong(pa));
                Throwable longFromContainer = catchThrowable(() -> container.readLong(pa));
                if (longFromRaw == null) {
                    assertThat(container.readLong(pa)).isEqualTo(raw.readLong(pa));
                } else {
                    assertThat(longFromContainer).isInstanceOf(MemoryException.class);
                }
            }
        }
    }
}
