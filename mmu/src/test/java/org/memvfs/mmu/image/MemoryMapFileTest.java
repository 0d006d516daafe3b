package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.ImageIoException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;

class MemoryMapFileTest {
    private static final TestPhysicalMemory SOURCE = TestPhysicalMemory.randomPages(21, 0, 2, 0x4000, 1, 0x8000, 4);

    @TempDir
    Path dir;

    private Path image() throws IOException {
        return Files.write(dir.resolve("memory.raw"), SOURCE.raw());
    }

    private Path map(String text) throws IOException {
        return Files.writeString(dir.resolve("memory.map"), text, StandardCharsets.UTF_8);
    }

    private PhysicalMemory open(String mapText) throws IOException {
        return MemoryImages.open(image(), ImageOptions.DEFAULT.withMemoryMap(map(mapText)));
    }

    @Test
    void onlyTheMappedRangesArePresentAndTheirBytesAreTheFileAtTheirAddress() throws IOException {
        String text = """
                # RAM of the imaged machine, END exclusive
                0x0 0x2000
                4000-5000      # one page

                0x8000 - 0xc000
                """;
        try (PhysicalMemory memory = open(text)) {
            assertThat(memory.format()).isEqualTo("raw");
            assertThat(memory.description()).contains("3 ranges").contains("memory.map");
            assertThat(memory.ranges()).isEqualTo(SOURCE.ranges());
            ByteBuffer all = ByteBuffer.allocate((int) SOURCE.size());
            ByteBuffer expected = ByteBuffer.allocate((int) SOURCE.size());
            ReadResult result = memory.read(new Pa(0), all);
            assertThat(result).isEqualTo(SOURCE.read(new Pa(0), expected));
            assertThat(result.absentSpans()).containsExactly(new ReadResult.Span(0x2000, 0x4000),
                    new ReadResult.Span(0x5000, 0x8000));
            assertThat(all.array()).isEqualTo(expected.array());
        }
    }

    @Test
    void linesMayComeInAnyOrder() throws IOException {
        try (PhysicalMemory memory = open("8000 c000\n0 2000\n")) {
            assertThat(memory.ranges()).containsExactly(new PhysicalRange(new Pa(0), 0x2000),
                    new PhysicalRange(new Pa(0x8000), 0x4000));
        }
    }

    @Test
    void anOverlapNamesBothLines() throws IOException {
        Path image = image();
        Path map = map("0 3000\n# comment\n2000 4000\n");
        assertThatThrownBy(() -> MemoryImages.open(image, ImageOptions.DEFAULT.withMemoryMap(map)))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("memory map line 3").hasMessageContaining("overlaps line 1")
                .hasMessageContaining(map.toString()).hasMessageContaining("offset 0x11");
    }

    @Test
    void aRangePastTheImageNamesTheLineAndTheImage() throws IOException {
        Path image = image();
        Path map = map("0 2000\n8000 10000\n");
        assertThatThrownBy(() -> MemoryImages.open(image, ImageOptions.DEFAULT.withMemoryMap(map)))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("line 2").hasMessageContaining("past the end of the image")
                .hasMessageContaining("memory.raw");
    }

    @Test
    void emptyBackwardsInclusiveLookingAndMalformedLinesAreRefusedByLine() throws IOException {
        assertRefused("2000 2000\n", "line 1", "empty");
        assertRefused("0 1000\n3000 2000\n", "line 2", "empty");
        assertRefused("0 1fff\n", "line 1", "write 0x2000");
        assertRefused("0 1000 2000\n", "line 1", "not a range");
        assertRefused("zero 1000\n", "line 1", "hex");
        assertRefused("# nothing\n\n", "no range", "memory.map");
        assertRefused("8000000000000000 8000000000001000\n", "line 1", "largest file offset");
    }

    private void assertRefused(String text, String... parts) throws IOException {
        Path image = image();
        Path map = map(text);
        var thrown = assertThatThrownBy(() -> MemoryImages.open(image, ImageOptions.DEFAULT.withMemoryMap(map)))
                .isInstanceOf(ImageFormatException.class);
        for (String part : parts) {
            thrown.hasMessageContaining(part);
        }
    }

    @Test
    void aMissingMapFileIsAnIoErrorNamingIt() throws IOException {
        Path image = image();
        Path missing = dir.resolve("nope.map");
        assertThatThrownBy(() -> MemoryImages.open(image, ImageOptions.DEFAULT.withMemoryMap(missing)))
                .isInstanceOf(ImageIoException.class).hasMessageContaining("nope.map");
    }

    @Test
    void aMapForAnImageWithItsOwnHeadersIsRefused() throws IOException {
        Path lime = Files.write(dir.resolve("memory.lime"), TestLime.of(SOURCE));
        Path map = map("0 1000\n");
        assertThatThrownBy(() -> MemoryImages.open(lime, ImageOptions.DEFAULT.withMemoryMap(map)))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("--memmap applies to raw images")
                .hasMessageContaining("lime");
    }

    @Test
    void aRawImageThatIsNotWholePagesNeedsNoForcingWithAMap() throws IOException {
        Path odd = Files.write(dir.resolve("odd.bin"), java.util.Arrays.copyOf(SOURCE.raw(), 0x2000 + 17));
        Path map = map("0 2000\n");
        try (PhysicalMemory memory = MemoryImages.open(odd, ImageOptions.DEFAULT.withMemoryMap(map))) {
            assertThat(memory.size()).isEqualTo(0x2000);
        }
    }
}
