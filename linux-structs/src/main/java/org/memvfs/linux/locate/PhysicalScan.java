package org.memvfs.linux.locate;

import java.nio.ByteBuffer;
import java.util.List;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;

/**
 * One pass over every byte the image holds, ascending, reporting where any of a few byte
 * patterns occurs. Discovery needs three (the BTF header, {@code swapper/0}, the banner) and
 * reads a multi-gigabyte image once for all of them, stopping as soon as it has what it needs.
 */
final class PhysicalScan {
    /** Bytes read at once: large enough for throughput, small enough for the heap. */
    static final int CHUNK = 16 << 20;

    /** Told of each hit, in ascending order; returns false to end the scan. */
    interface Listener {
        boolean found(int pattern, Pa where);
    }

    private final byte[][] patterns;
    private final boolean[] firstBytes = new boolean[256];
    private final int longest;

    PhysicalScan(List<byte[]> patterns) {
        this.patterns = patterns.toArray(new byte[0][]);
        int max = 0;
        for (byte[] p : this.patterns) {
            if (p.length == 0) {
                throw new IllegalArgumentException("an empty pattern matches everywhere");
            }
            firstBytes[p[0] & 0xff] = true;
            max = Math.max(max, p.length);
        }
        this.longest = max;
    }

    /** Scans every range of {@code memory}; returns the number of bytes looked at. */
    long scan(PhysicalMemory memory, Listener listener) {
        byte[] buffer = new byte[CHUNK + longest];
        long scanned = 0;
        for (PhysicalRange range : memory.ranges()) {
            long start = range.start().value();
            long end = start + range.length();
            for (long at = start; at < end; at += CHUNK) {
                int length = (int) Math.min(CHUNK + longest - 1, end - at);
                ByteBuffer into = ByteBuffer.wrap(buffer, 0, length);
                memory.read(new Pa(at), into);
                int searchable = (int) Math.min(CHUNK, end - at);
                if (!search(buffer, searchable, length, at, listener)) {
                    return scanned + searchable;
                }
                scanned += searchable;
            }
        }
        return scanned;
    }

    /** Looks for pattern starts in {@code [0, searchable)} of {@code buffer}, whose bytes run to {@code length}. */
    private boolean search(byte[] buffer, int searchable, int length, long base, Listener listener) {
        for (int i = 0; i < searchable; i++) {
            if (!firstBytes[buffer[i] & 0xff]) {
                continue;
            }
            for (int p = 0; p < patterns.length; p++) {
                if (matches(buffer, i, length, patterns[p]) && !listener.found(p, new Pa(base + i))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean matches(byte[] buffer, int at, int length, byte[] pattern) {
        if (at + pattern.length > length) {
            return false;
        }
        for (int j = 0; j < pattern.length; j++) {
            if (buffer[at + j] != pattern[j]) {
                return false;
            }
        }
        return true;
    }
}
