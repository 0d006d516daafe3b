package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.ImageIoException;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.ReadOnlyMemoryException;

class MemoryImagesTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] randomPages(int pages, long seed) {
        byte[] bytes = new byte[pages * 4096];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void theFormatComesFromTheContentNotTheName() throws IOException {
        Path elfNamedRaw = file("memory.raw", new TestElfCore(true).load(0, randomPages(1, 1)).build());
        Path rawNamedCore = file("memory.core", randomPages(2, 2));
        assertThat(MemoryImages.detect(elfNamedRaw)).isEqualTo(ImageFormat.ELF_CORE);
        assertThat(MemoryImages.detect(rawNamedCore)).isEqualTo(ImageFormat.RAW);
    }

    @Test
    void aRawImageIsItsFileOffsetByOffset() throws IOException {
        byte[] content = randomPages(4, 3);
        try (PhysicalMemory memory = MemoryImages.open(file("a.raw", content))) {
            assertThat(memory.format()).isEqualTo("raw");
            assertThat(memory.size()).isEqualTo(4 * 4096);
            ByteBuffer middle = ByteBuffer.allocate(5000);
            assertThat(memory.read(new Pa(3000), middle).isComplete()).isTrue();
            assertThat(middle.array()).isEqualTo(java.util.Arrays.copyOfRange(content, 3000, 8000));
            assertThat(memory.cpus()).isEmpty();
        }
    }

    @Test
    void aPathOnAnotherFileSystemIsReadThroughItsChannelWithTheSameBytes() throws IOException {
        byte[] content = randomPages(8, 4);
        try (FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix())) {
            Path inMemory = Files.write(jimfs.getPath("/image.raw"), content);
            try (PhysicalMemory viaChannel = MemoryImages.open(inMemory);
                 PhysicalMemory viaMapping = MemoryImages.open(file("image.raw", content))) {
                for (long pa : new long[] {0, 4095, 12345, 8 * 4096 - 16}) {
                    ByteBuffer a = ByteBuffer.allocate(16);
                    ByteBuffer b = ByteBuffer.allocate(16);
                    viaChannel.read(new Pa(pa), a);
                    viaMapping.read(new Pa(pa), b);
                    assertThat(a.array()).isEqualTo(b.array());
                    assertThat(viaChannel.readLong(new Pa(pa))).isEqualTo(viaMapping.readLong(new Pa(pa)));
                }
            }
        }
    }

    @Test
    void readingPastTheEndGivesAbsentZeros() throws IOException {
        try (PhysicalMemory memory = MemoryImages.open(file("b.raw", randomPages(1, 5)))) {
            ByteBuffer buffer = ByteBuffer.allocate(200);
            buffer.put(150, (byte) 7);
            var result = memory.read(new Pa(4000), buffer);
            assertThat(result.absentSpans()).singleElement().satisfies(s -> {
                assertThat(s.start()).isEqualTo(96);
                assertThat(s.end()).isEqualTo(200);
            });
            assertThat(buffer.get(150)).isZero();
        }
    }

    @Test
    void imagesOpenReadOnlyUnlessAskedAndWritesGoWhereAsked() throws IOException {
        Path path = file("c.raw", randomPages(2, 6));
        try (PhysicalMemory memory = MemoryImages.open(path)) {
            assertThat(memory.isWritable()).isFalse();
            assertThatThrownBy(() -> memory.write(new Pa(0), ByteBuffer.wrap(new byte[] {1})))
                    .isInstanceOf(ReadOnlyMemoryException.class);
        }
        byte[] before = Files.readAllBytes(path);
        try (PhysicalMemory memory = MemoryImages.open(path, ImageOptions.DEFAULT.withWritable(true))) {
            memory.write(new Pa(5000), ByteBuffer.wrap("memvfs".getBytes(StandardCharsets.US_ASCII)));
        }
        byte[] after = Files.readAllBytes(path);
        assertThat(new String(after, 5000, 6, StandardCharsets.US_ASCII)).isEqualTo("memvfs");
        after[5000] = before[5000];
        after[5001] = before[5001];
        after[5002] = before[5002];
        after[5003] = before[5003];
        after[5004] = before[5004];
        after[5005] = before[5005];
        assertThat(after).isEqualTo(before);
    }

    @Test
    void anEmptyFileIsRefusedByName() throws IOException {
        Path empty = file("empty.raw", new byte[0]);
        assertThatThrownBy(() -> MemoryImages.open(empty)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("empty").hasMessageContaining(empty.toString());
    }

    @Test
    void aTextFileIsNotAMemoryImage() throws IOException {
        Path text = file("notes.txt", "hello memvfs\n".repeat(1000).getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> MemoryImages.open(text)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("text").hasMessageContaining("notes.txt");
    }

    @Test
    void archivesAndFormatsMemvfsDoesNotReadAreNamed() throws IOException {
        byte[] gzip = randomPages(1, 7);
        gzip[0] = 0x1f;
        gzip[1] = (byte) 0x8b;
        assertThatThrownBy(() -> MemoryImages.open(file("mem.raw", gzip))).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("gzip");
        byte[] hibernation = randomPages(1, 8);
        System.arraycopy("hibr".getBytes(StandardCharsets.US_ASCII), 0, hibernation, 0, 4);
        assertThatThrownBy(() -> MemoryImages.open(file("hiberfil.sys", hibernation))).hasMessageContaining("hibernation");
    }

    @Test
    void eachFormatIsRecognisedByItsSignature() throws IOException {
        TestPhysicalMemory memory = TestPhysicalMemory.randomPages(9, 0, 2);
        assertThat(MemoryImages.detect(file("a", TestCrashDump.of64(memory, TestCrashDump.FULL).build())))
                .isEqualTo(ImageFormat.CRASH_DUMP);
        assertThat(MemoryImages.detect(file("b", TestCrashDump.of32(memory, TestCrashDump.FULL).build())))
                .isEqualTo(ImageFormat.CRASH_DUMP);
        assertThat(MemoryImages.detect(file("c", TestLime.of(memory)))).isEqualTo(ImageFormat.LIME);
        assertThat(MemoryImages.detect(file("d", TestKdump.of(memory).build()))).isEqualTo(ImageFormat.KDUMP);
        assertThat(MemoryImages.detect(file("e", TestKdump.flatten(TestKdump.of(memory).build()))))
                .isEqualTo(ImageFormat.KDUMP);
        assertThat(MemoryImages.detect(file("f", TestVmware.of(memory).checkpoint()))).isEqualTo(ImageFormat.VMWARE);
    }

    @Test
    void formatIdsAreWhatFormatAccepts() {
        for (ImageFormat format : ImageFormat.values()) {
            assertThat(ImageFormat.byId(format.id().toUpperCase(java.util.Locale.ROOT))).isEqualTo(format);
        }
        assertThatThrownBy(() -> ImageFormat.byId("qcow2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("raw, elf-core, crash-dump, lime, vmware, kdump");
    }

    @Test
    void aRawImageThatIsNotWholePagesNeedsTheFormatForced() throws IOException {
        byte[] odd = new byte[4096 + 100];
        odd[0] = (byte) 0xf4;
        Path path = file("odd.bin", odd);
        assertThatThrownBy(() -> MemoryImages.open(path)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("4 KiB pages").hasMessageContaining("--format raw");
        try (PhysicalMemory forced = MemoryImages.open(path, ImageOptions.DEFAULT.withFormat(ImageFormat.RAW))) {
            assertThat(forced.size()).isEqualTo(4196);
        }
    }

    @Test
    void aMissingFileOrADirectoryIsAClearError() {
        assertThatThrownBy(() -> MemoryImages.open(dir.resolve("nope.raw"))).isInstanceOf(ImageIoException.class)
                .hasMessageContaining("no such image file").hasMessageContaining("nope.raw");
        assertThatThrownBy(() -> MemoryImages.open(dir)).isInstanceOf(MemoryException.class)
                .hasMessageContaining("directory");
    }
}
