package org.memvfs.vfs.win;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.image.CrashDumpWriter;
import org.memvfs.mmu.image.MemoryImages;
import org.memvfs.mmu.image.TestCrashDump;
import org.memvfs.mmu.image.TestElfCore;
import org.memvfs.mmu.image.TestKdump;
import org.memvfs.mmu.image.TestLime;
import org.memvfs.mmu.image.TestVmware;
import org.memvfs.mmu.DumpHints;
import org.memvfs.vfs.DirectoryEntry;
import org.memvfs.vfs.Vfs;
import org.memvfs.win.KernelOptions;

/**
 * One sample image in every container memvfs reads gives the same tree, byte for byte: the same
 * paths, the same sizes, the same text, the same memory. Only {@code sys/version.txt} (it says how
 * the kernel was found, and a crash dump's header lets discovery skip its scans) and
 * {@code conf/statistics.txt} (cache counters) may differ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerFormatsTest {
    private static final String PROFILE = "win10-19041-x64";
    private static final List<String> MAY_DIFFER = List.of("sys/version.txt", "conf/statistics.txt");

    @TempDir
    Path dir;
    private SampleTrees.Sample raw;
    /** A tree of its own over the raw sample: other tests write virt.txt in the shared one. */
    private Vfs rawTree;
    private List<String> files;

    @BeforeAll
    void readRawTree() {
        raw = SampleTrees.of(PROFILE);
        rawTree = new Vfs(raw.kernel());
        files = new ArrayList<>();
        collect(rawTree, "", files);
    }

    @AfterAll
    void forget() {
        files = null;
    }

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of("elf-core", (Function<PhysicalMemory, byte[]>) TestElfCore::of),
                Arguments.of("lime", (Function<PhysicalMemory, byte[]>) TestLime::of),
                Arguments.of("crash-dump full", (Function<PhysicalMemory, byte[]>) m -> TestCrashDump.of64(m, TestCrashDump.FULL).build()),
                Arguments.of("crash-dump bitmap", (Function<PhysicalMemory, byte[]>) m -> TestCrashDump.of64(m, TestCrashDump.BITMAP_FULL).build()),
                Arguments.of("kdump", (Function<PhysicalMemory, byte[]>) m -> TestKdump.of(m).build()),
                Arguments.of("kdump flattened", (Function<PhysicalMemory, byte[]>) m -> TestKdump.flatten(TestKdump.of(m).build())),
                Arguments.of("memory.dmp", (Function<PhysicalMemory, byte[]>) ContainerFormatsTest::crashDumpWriter));
    }

    private static byte[] crashDumpWriter(PhysicalMemory source) {
        CrashDumpWriter writer = CrashDumpWriter.of(source, DumpHints.NONE.withMachine(DumpHints.MACHINE_AMD64, 1));
        ByteBuffer all = ByteBuffer.allocate((int) writer.size());
        writer.read(0, all);
        return all.array();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void theTreeIsTheSameInEveryContainer(String name, Function<PhysicalMemory, byte[]> container) throws IOException {
        Path file = Files.write(dir.resolve(name.replace(' ', '-') + ".img"), container.apply(raw.memory()));
        compareWithRaw(file);
        Files.delete(file);
    }

    @ParameterizedTest(name = "vmware")
    @MethodSource("vmwareOnly")
    void theTreeIsTheSameInAVmwareSnapshot(String ignored) {
        Path vmem = TestVmware.of(raw.memory()).write(dir, "sample");
        compareWithRaw(vmem);
    }

    static Stream<String> vmwareOnly() {
        return Stream.of("vmware");
    }

    private void compareWithRaw(Path file) {
        try (PhysicalMemory memory = MemoryImages.open(file)) {
            WindowsOsKernel kernel = WindowsOsKernel.open(memory, new MemoryCaches(), KernelOptions.DEFAULT);
            Vfs other = new Vfs(kernel);
            List<String> otherFiles = new ArrayList<>();
            collect(other, "", otherFiles);
            assertThat(otherFiles).isEqualTo(files);
            Random random = new Random(11);
            int memoryReads = 0;
            for (String path : files) {
                if (MAY_DIFFER.contains(path)) {
                    continue;
                }
                long size = rawTree.stat(path).size();
                assertThat(other.stat(path).size()).as("size of %s", path).isEqualTo(size);
                boolean memoryFile = path.endsWith(".vmem") || path.endsWith(".pmem") || path.endsWith(".dmp") || path.endsWith(".mem");
                if (!memoryFile) {
                    assertThat(read(other, path, 0, (int) size)).as(path).isEqualTo(read(rawTree, path, 0, (int) size));
                } else if (size > 0 && (random.nextInt(40) == 0 || !path.contains("/vmemd/"))) {
                    long offset = random.nextLong(size) & -4096L;
                    int length = (int) Math.min(64 << 10, size - offset);
                    assertThat(read(other, path, offset, length)).as("%s at %x", path, offset)
                            .isEqualTo(read(rawTree, path, offset, length));
                    memoryReads++;
                }
            }
            assertThat(memoryReads).isGreaterThan(200);
        }
    }

    private static byte[] read(Vfs vfs, String path, long offset, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        int done = 0;
        while (done < length) {
            int n = vfs.read(path, offset + done, buffer);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return buffer.array();
    }

    private static void collect(Vfs vfs, String directory, List<String> paths) {
        for (DirectoryEntry entry : vfs.list(directory)) {
            String path = directory.isEmpty() ? entry.name() : directory + "/" + entry.name();
            if (entry.directory()) {
                if (!path.startsWith("name/")) {
                    collect(vfs, path, paths);
                }
            } else {
                paths.add(path);
            }
        }
    }
}
