package org.memvfs.mmu;

import java.nio.ByteBuffer;

/** Small buffer chores shared by the readers. */
public final class Buffers {
    private static final byte[] ZEROS = new byte[8192];

    private Buffers() {
    }

    /** Writes {@code count} zero bytes at {@code dst}'s position and advances it. */
    public static void zeroFill(ByteBuffer dst, int count) {
        for (int left = count; left > 0; left -= ZEROS.length) {
            dst.put(ZEROS, 0, Math.min(left, ZEROS.length));
        }
    }
}
