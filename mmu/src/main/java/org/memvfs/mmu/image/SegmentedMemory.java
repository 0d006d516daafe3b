package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.memvfs.mmu.Buffers;
import org.memvfs.mmu.CpuState;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalAddressException;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;

/**
 * Physical memory stored in a file as segments, each a physical range at some file offset: a raw
 * image is one segment at offset 0, an ELF core one per PT_LOAD. Everything between segments is
 * a hole that reads as absent zeros.
 */
final class SegmentedMemory implements PhysicalMemory {
    private final String format;
    private final String description;
    private final FileBytes file;
    private final Segment[] segments;
    private final long[] starts;
    private final List<PhysicalRange> ranges;
    private final List<CpuState> cpus;
    private final DumpHints hints;

    SegmentedMemory(String format, String description, FileBytes file, List<Segment> segmentList, List<CpuState> cpus) {
        this(format, description, file, segmentList, cpus, null);
    }

    /**
     * @throws ImageFormatException when a segment runs past the end of the file or two segments
     *                              claim the same physical bytes
     */
    SegmentedMemory(String format, String description, FileBytes file, List<Segment> segmentList, List<CpuState> cpus,
            DumpHints hints) {
        this.format = format;
        this.hints = hints;
        this.description = description;
        this.file = file;
        List<Segment> sorted = new ArrayList<>(segmentList);
        sorted.removeIf(s -> s.length() == 0);
        sorted.sort(Comparator.comparingLong(Segment::pa));
        for (Segment s : sorted) {
            if (s.fileOffset() < 0 || s.length() < 0 || s.fileOffset() > file.size() - s.length()) {
                throw new ImageFormatException("the segment for physical " + Hex.of(s.pa()) + " (" + Hex.of(s.length())
                        + " bytes at file offset " + Hex.of(s.fileOffset()) + ") runs past the end of the file ("
                        + Hex.of(file.size()) + " bytes): the image is truncated", file.path(), s.describedAt());
            }
            if (s.pa() < 0 || s.paEnd() < s.pa()) {
                throw new ImageFormatException("the segment at physical " + Hex.of(s.pa()) + " of " + Hex.of(s.length())
                        + " bytes wraps past the top of the address space", file.path(), s.describedAt());
            }
        }
        for (int i = 1; i < sorted.size(); i++) {
            Segment before = sorted.get(i - 1);
            Segment s = sorted.get(i);
            if (s.pa() < before.paEnd()) {
                throw new ImageFormatException("segments overlap: physical " + Hex.of(before.pa()) + "-" + Hex.of(before.paEnd())
                        + " (described at " + Hex.of(before.describedAt()) + ") and " + Hex.of(s.pa()) + "-" + Hex.of(s.paEnd()),
                        file.path(), s.describedAt());
            }
        }
        this.segments = sorted.toArray(new Segment[0]);
        this.starts = sorted.stream().mapToLong(Segment::pa).toArray();
        this.ranges = mergeRanges(sorted);
        this.cpus = List.copyOf(cpus);
    }

    private static List<PhysicalRange> mergeRanges(List<Segment> sorted) {
        List<PhysicalRange> merged = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (Segment s : sorted) {
            if (start >= 0 && s.pa() == end) {
                end = s.paEnd();
                continue;
            }
            if (start >= 0) {
                merged.add(new PhysicalRange(new Pa(start), end - start));
            }
            start = s.pa();
            end = s.paEnd();
        }
        if (start >= 0) {
            merged.add(new PhysicalRange(new Pa(start), end - start));
        }
        return Collections.unmodifiableList(merged);
    }

    /** Whether {@code length} bytes from {@code address} lie in {@code s}, without overflowing near the top. */
    private static boolean fits(long address, long length, Segment s) {
        return address >= s.pa() && address < s.paEnd() && length <= s.paEnd() - address;
    }

    /** The index of the last segment starting at or below {@code pa}, or -1. */
    private int floor(long pa) {
        int i = Arrays.binarySearch(starts, pa);
        return i >= 0 ? i : -i - 2;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public long size() {
        return segments.length == 0 ? 0 : segments[segments.length - 1].paEnd();
    }

    @Override
    public List<PhysicalRange> ranges() {
        return ranges;
    }

    @Override
    public boolean isPresent(Pa pa) {
        int i = floor(pa.value());
        return i >= 0 && pa.value() < segments[i].paEnd();
    }

    @Override
    public ReadResult read(Pa pa, ByteBuffer dst) {
        int total = dst.remaining();
        int limit = dst.limit();
        long address = pa.value();
        int i = floor(address);
        if (i >= 0 && fits(address, total, segments[i])) {
            Segment s = segments[i];
            file.read(s.fileOffset() + (address - s.pa()), dst);
            return ReadResult.complete(total);
        }
        ReadResult.Builder absent = new ReadResult.Builder();
        try {
            while (dst.position() < limit) {
                int done = total - (limit - dst.position());
                int left = limit - dst.position();
                if (address < 0) {
                    // at or above 2^63 unsigned: no segment lies there, and the read must not wrap to 0
                    Buffers.zeroFill(dst, left);
                    absent.absent(done, done + left);
                    break;
                }
                // keep i at the last segment starting at or below the address
                while (i + 1 < segments.length && segments[i + 1].pa() <= address) {
                    i++;
                }
                Segment s = i >= 0 && address < segments[i].paEnd() ? segments[i] : null;
                if (s != null) {
                    int n = (int) Math.min(left, s.paEnd() - address);
                    dst.limit(dst.position() + n);
                    file.read(s.fileOffset() + (address - s.pa()), dst);
                    dst.limit(limit);
                    address += n;
                    continue;
                }
                // past the last segment everything is a hole, up to the top of the address space and beyond
                int n = i + 1 < segments.length ? (int) Math.min(left, segments[i + 1].pa() - address) : left;
                Buffers.zeroFill(dst, n);
                absent.absent(done, done + n);
                address += n;
            }
        } finally {
            dst.limit(limit);
        }
        return absent.build(total);
    }

    @Override
    public long readLong(Pa pa) {
        long address = pa.value();
        int i = floor(address);
        if (i >= 0 && fits(address, Long.BYTES, segments[i])) {
            Segment s = segments[i];
            return file.readLong(s.fileOffset() + (address - s.pa()));
        }
        return PhysicalMemory.super.readLong(pa);
    }

    @Override
    public boolean isWritable() {
        return file.isWritable();
    }

    @Override
    public void write(Pa pa, ByteBuffer src) {
        if (!file.isWritable()) {
            PhysicalMemory.super.write(pa, src);
        }
        long address = pa.value();
        int i = floor(address);
        if (i < 0 || !fits(address, src.remaining(), segments[i])) {
            throw new PhysicalAddressException("cannot write " + src.remaining() + " bytes: not all in one range the image holds",
                    MemoryException.Context.NONE.withPa(pa).withFile(file.path()));
        }
        Segment s = segments[i];
        file.write(s.fileOffset() + (address - s.pa()), src);
    }

    @Override
    public List<CpuState> cpus() {
        return cpus;
    }

    @Override
    public Optional<DumpHints> hints() {
        return Optional.ofNullable(hints);
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
