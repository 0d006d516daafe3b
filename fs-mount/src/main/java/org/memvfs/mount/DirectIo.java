package org.memvfs.mount;

import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * Per-file {@code direct_io}: jnr-fuse's {@link FuseFileInfo} has no field for it; in libfuse2's
 * {@code struct fuse_file_info} it is bit 0 of the bit-field word after {@code flags},
 * {@code fh_old} and {@code writepage}, at byte offset 20 on 64-bit Linux (measured, see the
 * shared FUSE notes).
 */
final class DirectIo {
    private static final int BITS_OFFSET = 20;
    private static final int DIRECT_IO = 1;

    private DirectIo() {
    }

    static void set(FuseFileInfo fi) {
        Pointer memory = Struct.getMemory(fi);
        memory.putInt(BITS_OFFSET, memory.getInt(BITS_OFFSET) | DIRECT_IO);
    }
}
