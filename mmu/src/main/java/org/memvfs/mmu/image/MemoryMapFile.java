package org.memvfs.mmu.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.ImageIoException;
import org.memvfs.mmu.MemoryException;

/**
 * A {@code --memmap} file: the physical ranges a raw image holds, one per line, as
 * {@code START END} or {@code START-END} in hex ({@code 0x} optional) with END exclusive —
 * {@code 0 9f000} is the 636 KiB below the legacy video hole. {@code #} starts a comment; blank
 * lines are skipped. The file offset of each byte is its physical address, as in any raw image;
 * bytes outside the ranges read as absent.
 *
 * <p>END is exclusive so that a range's size is END − START. Because /proc/iomem and many tools
 * print the last byte instead, an END whose low 12 bits are all ones is refused with the likely
 * meaning spelled out rather than silently read one byte short of a page.
 */
final class MemoryMapFile {
    /** Real maps have tens of lines; a bigger file is the wrong file. */
    static final int MAX_BYTES = 4 << 20;

    private record Line(int number, long offset, long start, long end) {
    }

    private final Path map;

    private MemoryMapFile(Path map) {
        this.map = map;
    }

    /**
     * The segments of a raw image of {@code imageSize} bytes that {@code map} names.
     *
     * @throws ImageFormatException naming the map file, the line and its offset when a line is not a
     *                              range, a range is empty, overlaps another, or runs past the image
     */
    static List<Segment> read(Path map, Path image, long imageSize) {
        return new MemoryMapFile(map).segments(image, imageSize);
    }

    private ImageFormatException bad(Line line, String what) {
        return new ImageFormatException("memory map line " + line.number() + ": " + what, map, line.offset());
    }

    private List<Segment> segments(Path image, long imageSize) {
        List<Line> lines = parse(load());
        if (lines.isEmpty()) {
            throw new ImageFormatException("the memory map names no range", map, 0);
        }
        for (Line line : lines) {
            if (line.end() > imageSize) {
                throw bad(line, "range " + Hex.of(line.start()) + "-" + Hex.of(line.end()) + " runs past the end of the image "
                        + image + " (" + Hex.of(imageSize) + " bytes)");
            }
        }
        List<Line> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparingLong(Line::start));
        for (int i = 1; i < sorted.size(); i++) {
            Line before = sorted.get(i - 1);
            Line line = sorted.get(i);
            if (line.start() < before.end()) {
                Line later = line.number() > before.number() ? line : before;
                Line earlier = later == line ? before : line;
                throw bad(later, "range " + Hex.of(later.start()) + "-" + Hex.of(later.end()) + " overlaps line "
                        + earlier.number() + " (" + Hex.of(earlier.start()) + "-" + Hex.of(earlier.end()) + ")");
            }
        }
        List<Segment> segments = new ArrayList<>();
        for (Line line : sorted) {
            segments.add(new Segment(line.start(), line.end() - line.start(), line.start(), line.start()));
        }
        return segments;
    }

    private String load() {
        try {
            long size = Files.size(map);
            if (size > MAX_BYTES) {
                throw new ImageFormatException("a memory map of " + size + " bytes is not a list of ranges (at most "
                        + MAX_BYTES + " bytes)", map, 0);
            }
            return new String(Files.readAllBytes(map), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ImageIoException("no such memory map file", map, 0, e);
        } catch (IOException e) {
            throw new ImageIoException("cannot read the memory map", map, 0, e);
        }
    }

    private List<Line> parse(String text) {
        List<Line> lines = new ArrayList<>();
        int number = 0;
        int at = 0;
        long offset = 0;
        while (at < text.length()) {
            int newline = text.indexOf('\n', at);
            int stop = newline < 0 ? text.length() : newline;
            number++;
            String raw = text.substring(at, stop);
            String content = raw;
            int hash = content.indexOf('#');
            if (hash >= 0) {
                content = content.substring(0, hash);
            }
            content = content.strip();
            if (!content.isEmpty()) {
                lines.add(range(number, offset, content));
            }
            offset += raw.getBytes(StandardCharsets.UTF_8).length + 1;
            at = stop + 1;
        }
        return lines;
    }

    private Line range(int number, long offset, String content) {
        Line where = new Line(number, offset, 0, 0);
        String[] parts = content.split("\\s*-\\s*|\\s+");
        if (parts.length != 2) {
            throw bad(where, "'" + content + "' is not a range: write START END or START-END in hex, END exclusive");
        }
        long start;
        long end;
        try {
            start = Hex.parseUnsigned(parts[0]);
            end = Hex.parseUnsigned(parts[1]);
        } catch (MemoryException e) {
            throw bad(where, "'" + content + "' is not a range of hex numbers: " + e.what());
        }
        Line line = new Line(number, offset, start, end);
        if (start < 0 || end < 0) {
            throw bad(line, "range " + Hex.of(start) + "-" + Hex.of(end) + " lies above the largest file offset");
        }
        if (end <= start) {
            throw bad(line, "range " + Hex.of(start) + "-" + Hex.of(end) + " is empty: END is exclusive and must lie above START");
        }
        if ((end & 0xfff) == 0xfff) {
            throw bad(line, "END " + Hex.of(end) + " looks like the last byte of a page, but END is exclusive: write "
                    + Hex.of(end + 1) + " to include that byte");
        }
        return line;
    }
}
