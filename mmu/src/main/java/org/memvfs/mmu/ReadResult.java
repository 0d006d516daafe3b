package org.memvfs.mmu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a read into a buffer found: how many bytes it wrote and which of them were absent from the
 * source (holes, unmapped pages). Absent bytes are zeros in the buffer. Offsets are relative to
 * where the read started in the buffer.
 */
public final class ReadResult {
    private static final int[] NONE = new int[0];

    private final int length;
    /** Sorted, disjoint, non-adjacent absent spans as pairs {@code start, end}. */
    private final int[] absent;

    private ReadResult(int length, int[] absent) {
        this.length = length;
        this.absent = absent;
    }

    /** A read of {@code length} bytes that found every one of them. */
    public static ReadResult complete(int length) {
        return new ReadResult(length, NONE);
    }

    /** A read of {@code length} bytes that found none of them. */
    public static ReadResult absent(int length) {
        return length == 0 ? complete(0) : new ReadResult(length, new int[] {0, length});
    }

    public int length() {
        return length;
    }

    public boolean isComplete() {
        return absent.length == 0;
    }

    /** True when no byte was found. */
    public boolean isAbsent() {
        return length > 0 && absent.length == 2 && absent[0] == 0 && absent[1] == length;
    }

    public int absentBytes() {
        int total = 0;
        for (int i = 0; i < absent.length; i += 2) {
            total += absent[i + 1] - absent[i];
        }
        return total;
    }

    public int presentBytes() {
        return length - absentBytes();
    }

    /** Whether the byte at {@code offset} (relative to the read's start) was found. */
    public boolean isPresent(int offset) {
        if (offset < 0 || offset >= length) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside a read of " + length + " bytes");
        }
        for (int i = 0; i < absent.length; i += 2) {
            if (offset < absent[i]) {
                return true;
            }
            if (offset < absent[i + 1]) {
                return false;
            }
        }
        return true;
    }

    /** The absent spans, in order. */
    public List<Span> absentSpans() {
        List<Span> spans = new ArrayList<>(absent.length / 2);
        for (int i = 0; i < absent.length; i += 2) {
            spans.add(new Span(absent[i], absent[i + 1]));
        }
        return spans;
    }

    /** Bytes {@code [start, end)} of a read. */
    public record Span(int start, int end) {
        public int length() {
            return end - start;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadResult r && r.length == length && Arrays.equals(r.absent, absent);
    }

    @Override
    public int hashCode() {
        return 31 * length + Arrays.hashCode(absent);
    }

    @Override
    public String toString() {
        return isComplete() ? "ReadResult[" + length + " bytes]"
                : "ReadResult[" + length + " bytes, absent " + absentSpans() + "]";
    }

    /** Collects the absent spans of a read made in pieces, merging neighbours. */
    public static final class Builder {
        private int[] spans = NONE;
        private int count;

        /** Marks bytes {@code [start, end)} absent; spans must be added in ascending order. */
        public Builder absent(int start, int end) {
            if (end <= start) {
                return this;
            }
            if (count > 0 && spans[count - 1] >= start) {
                spans[count - 1] = Math.max(spans[count - 1], end);
                return this;
            }
            if (count + 2 > spans.length) {
                spans = Arrays.copyOf(spans, Math.max(8, spans.length * 2));
            }
            spans[count++] = start;
            spans[count++] = end;
            return this;
        }

        /** Adds the absent spans of a piece read at {@code offset}. */
        public Builder add(int offset, ReadResult piece) {
            for (int i = 0; i < piece.absent.length; i += 2) {
                absent(offset + piece.absent[i], offset + piece.absent[i + 1]);
            }
            return this;
        }

        public ReadResult build(int length) {
            return count == 0 ? complete(length) : new ReadResult(length, Arrays.copyOf(spans, count));
        }
    }
}
