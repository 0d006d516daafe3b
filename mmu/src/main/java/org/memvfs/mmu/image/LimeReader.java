package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ImageFormatException;

/**
 * Reads a LiME image (Linux Memory Extractor, {@code format=lime}): ranges one after another, each
 * a 32-byte header — magic {@code 0x4c694d45} ("EMiL" on disk), version 1, the first and the last
 * physical address (inclusive), 8 reserved bytes — followed by the range's bytes.
 */
final class LimeReader {
    static final int MAGIC = 0x4c69_4d45;
    static final int HEADER_BYTES = 32;
    private static final int VERSION = 1;

    private final FileBytes file;

    private LimeReader(FileBytes file) {
        this.file = file;
    }

    static SegmentedMemory open(FileBytes file) {
        List<Segment> segments = new LimeReader(file).segments();
        String description = "LiME image " + file.path() + " (" + segments.size() + " range"
                + (segments.size() == 1 ? "" : "s") + ")";
        return new SegmentedMemory("lime", description, file, segments, List.of());
    }

    private ImageFormatException bad(String what, long offset) {
        return new ImageFormatException(what, file.path(), offset);
    }

    /** Walks the range headers; every step moves forward by at least a header, so the walk ends at the file's end. */
    private List<Segment> segments() {
        List<Segment> segments = new ArrayList<>();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long at = 0;
        while (at < file.size()) {
            if (file.size() - at < HEADER_BYTES) {
                throw bad("range " + segments.size() + ": " + (file.size() - at) + " bytes left where a "
                        + HEADER_BYTES + "-byte LiME header should be: the image is truncated", at);
            }
            header.clear();
            file.read(at, header);
            int magic = header.getInt(0);
            if (magic != MAGIC) {
                throw bad("range " + segments.size() + ": magic " + Hex.of(Integer.toUnsignedLong(magic))
                        + " is not LiME's " + Hex.of(MAGIC) + " (\"EMiL\")", at);
            }
            int version = header.getInt(4);
            if (version != VERSION) {
                throw bad("range " + segments.size() + ": LiME version " + Integer.toUnsignedLong(version)
                        + " is not the version 1 memvfs reads", at + 4);
            }
            long start = header.getLong(8);
            long last = header.getLong(16);
            if (Long.compareUnsigned(last, start) < 0) {
                throw bad("range " + segments.size() + ": its end " + Hex.of(last) + " lies below its start " + Hex.of(start),
                        at + 16);
            }
            long length = last - start + 1;
            long data = at + HEADER_BYTES;
            if (length <= 0 || length > file.size() - data) {
                throw bad("range " + segments.size() + " (" + Hex.of(start) + "-" + Hex.of(last) + ", " + Hex.of(last - start + 1)
                        + " bytes) runs past the end of the file (" + Hex.of(file.size()) + " bytes): the image is truncated",
                        at + 8);
            }
            segments.add(new Segment(start, length, data, at));
            at = data + length;
        }
        if (segments.isEmpty()) {
            throw bad("the LiME image holds no range", 0);
        }
        return segments;
    }
}
