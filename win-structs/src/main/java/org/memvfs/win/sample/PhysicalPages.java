package org.memvfs.win.sample;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The physical memory of an image while it is built: a sparse map from frame number to the 4 KiB
 * of that frame. Only frames that were written are stored, so a 256 MiB image with a few thousand
 * pages of content costs a few megabytes. Little-endian, as x86 memory is.
 */
final class PhysicalPages {
    static final int PAGE = 4096;
    static final int PAGE_SHIFT = 12;

    private final long size;
    private final Map<Long, byte[]> frames = new HashMap<>();

    PhysicalPages(long size) {
        if (size <= 0 || size % PAGE != 0) {
            throw new IllegalArgumentException("a physical size is a positive number of pages, not " + size);
        }
        this.size = size;
    }

    long size() {
        return size;
    }

    void write(long pa, byte[] data) {
        write(pa, data, 0, data.length);
    }

    void write(long pa, byte[] data, int offset, int length) {
        checkRange(pa, length);
        int done = 0;
        while (done < length) {
            long at = pa + done;
            int inPage = (int) (at & (PAGE - 1));
            int chunk = Math.min(length - done, PAGE - inPage);
            System.arraycopy(data, offset + done, frame(at >>> PAGE_SHIFT), inPage, chunk);
            done += chunk;
        }
    }

    void putLong(long pa, long value) {
        write(pa, LittleEndian.longBytes(value));
    }

    void putInt(long pa, int value) {
        write(pa, LittleEndian.intBytes(value));
    }

    void putShort(long pa, int value) {
        write(pa, new byte[] {(byte) value, (byte) (value >>> 8)});
    }

    byte[] read(long pa, int length) {
        checkRange(pa, length);
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long at = pa + done;
            int inPage = (int) (at & (PAGE - 1));
            int chunk = Math.min(length - done, PAGE - inPage);
            byte[] frame = frames.get(at >>> PAGE_SHIFT);
            if (frame != null) {
                System.arraycopy(frame, inPage, out, done, chunk);
            }
            done += chunk;
        }
        return out;
    }

    long getLong(long pa) {
        if ((pa & (PAGE - 1)) <= PAGE - Long.BYTES) {
            checkRange(pa, Long.BYTES);
            byte[] frame = frames.get(pa >>> PAGE_SHIFT);
            return frame == null ? 0 : LittleEndian.getLong(frame, (int) (pa & (PAGE - 1)));
        }
        return LittleEndian.getLong(read(pa, Long.BYTES), 0);
    }

    /** Whether the frame holds written bytes (possibly all zero). */
    boolean isWritten(long frameNumber) {
        return frames.containsKey(frameNumber);
    }

    /** A copy of the written frames in ascending order, skipping those that are all zero. */
    NavigableMap<Long, byte[]> nonZeroFrames() {
        NavigableMap<Long, byte[]> out = new TreeMap<>();
        byte[] zero = new byte[PAGE];
        frames.forEach((pfn, bytes) -> {
            if (!Arrays.equals(bytes, zero)) {
                out.put(pfn, bytes.clone());
            }
        });
        return Collections.unmodifiableNavigableMap(out);
    }

    private byte[] frame(long pfn) {
        return frames.computeIfAbsent(pfn, k -> new byte[PAGE]);
    }

    private void checkRange(long pa, int length) {
        if (pa < 0 || length < 0 || pa + length > size) {
            throw new IllegalArgumentException("physical range 0x" + Long.toHexString(pa) + "+" + length
                    + " is outside the image's 0x" + Long.toHexString(size) + " bytes");
        }
    }
}
