package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.image.ImageFormat;
import org.memvfs.mmu.image.MemoryImages;

/** The raw file a sample writes. */
class SampleImageTest {
    private static final String ID = "win10-19041-x64";

    @Test
    void theRawFileIsPhysicalMemoryByAddressAndReadsAsARawImage(@TempDir Path dir) throws IOException {
        SampleImage image = SampleFixtures.image(ID);
        Path file = dir.resolve("sample.raw");
        image.writeRaw(file);
        assertThat(Files.size(file)).isEqualTo(image.physicalSize()).isEqualTo(256L << 20);
        assertThat(MemoryImages.detect(file)).isEqualTo(ImageFormat.RAW);
        try (PhysicalMemory memory = MemoryImages.open(file)) {
            Pa dtb = image.manifest().systemDtb();
            ByteBuffer b = ByteBuffer.allocate(PhysicalPages.PAGE);
            memory.read(dtb, b);
            assertThat(b.array()).isEqualTo(image.readPhysical(dtb, PhysicalPages.PAGE));
        }
    }

    @Test
    void theFileIsSparseWhereTheFileSystemAllows(@TempDir Path dir) throws IOException {
        SampleImage image = SampleFixtures.image(ID);
        Path file = dir.resolve("sample.raw");
        image.writeRaw(file);
        assertThat(Files.getAttribute(file, "unix:size")).isEqualTo(image.physicalSize());
        // the data written is what is not zero: a few thousand pages of 65536
        assertThat(image.nonZeroPages()).isBetween(500, 20_000);
    }

    @Test
    void writingTwiceGivesTheSameBytes(@TempDir Path dir) throws IOException {
        SampleImage image = SampleFixtures.image(ID);
        image.writeRaw(dir.resolve("a.raw"));
        image.writeRaw(dir.resolve("b.raw"));
        assertThat(Files.mismatch(dir.resolve("a.raw"), dir.resolve("b.raw"))).isEqualTo(-1);
    }

    @Test
    void readsOutsidePhysicalMemoryAreRefused() {
        SampleImage image = SampleFixtures.image(ID);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> image.readPhysical(Pa.of(image.physicalSize() - 4), 8))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
