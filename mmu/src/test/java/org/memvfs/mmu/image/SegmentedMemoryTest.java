package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.ReadResult;

class SegmentedMemoryTest {
    @TempDir
    Path dir;

    private FileBytes file(byte[] content) throws IOException {
        Path path = Files.write(dir.resolve("segments"), content);
        return new ChannelFileBytes(path, Files.newByteChannel(path), false);
    }

    private static byte[] counting(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i / 16);
        }
        return bytes;
    }

    @Test
    void aReadFromASegmentThroughAHoleIntoTheNextSegmentFindsBoth() throws IOException {
        byte[] content = counting(0x3000);
        List<Segment> segments = List.of(new Segment(0, 0x1000, 0, 0), new Segment(0x3000, 0x1000, 0x1000, 0),
                new Segment(0x6000, 0x1000, 0x2000, 0));
        try (SegmentedMemory memory = new SegmentedMemory("test", "test", file(content), segments, List.of())) {
            ByteBuffer all = ByteBuffer.allocate(0x8000);
            ReadResult result = memory.read(new Pa(0), all);
            assertThat(result.absentSpans()).containsExactly(new ReadResult.Span(0x1000, 0x3000),
                    new ReadResult.Span(0x4000, 0x6000), new ReadResult.Span(0x7000, 0x8000));
            assertThat(all.get(0x3000)).isEqualTo(content[0x1000]);
            assertThat(all.get(0x6fff)).isEqualTo(content[0x2fff]);
            assertThat(all.get(0x5000)).isZero();
        }
    }

    @Test
    void aReadRunningToTheTopOfTheAddressSpaceEndsAndIsAbsent() throws IOException {
        try (SegmentedMemory memory = new SegmentedMemory("t", "t", file(counting(0x1000)),
                List.of(new Segment(0, 0x1000, 0, 0)), List.of())) {
            assertThat(memory.read(new Pa(0x7fff_ffff_ffff_fff0L), ByteBuffer.allocate(64)).isAbsent()).isTrue();
            assertThat(memory.read(new Pa(-8), ByteBuffer.allocate(64)).isAbsent()).isTrue();
        }
    }

    @Test
    void hintsAreWhatTheReaderGaveOrEmpty() throws IOException {
        DumpHints hints = DumpHints.NONE.withDirectoryTableBase(new Pa(0x1ad000));
        try (SegmentedMemory with = new SegmentedMemory("t", "t", file(counting(0x1000)),
                List.of(new Segment(0, 0x1000, 0, 0)), List.of(), hints)) {
            assertThat(with.hints()).contains(hints);
        }
        try (SegmentedMemory without = new SegmentedMemory("t", "t", file(counting(0x1000)),
                List.of(new Segment(0, 0x1000, 0, 0)), List.of())) {
            assertThat(without.hints()).isEmpty();
        }
    }

    @Test
    void aSegmentPastTheFileIsNamedWhereItIsDescribed() throws IOException {
        FileBytes file = file(counting(0x1000));
        assertThatThrownBy(() -> new SegmentedMemory("t", "t", file, List.of(new Segment(0, 0x2000, 0, 0x40)), List.of()))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("truncated").hasMessageContaining("offset 0x40");
        file.close();
    }
}
