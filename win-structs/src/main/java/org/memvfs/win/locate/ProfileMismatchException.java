package org.memvfs.win.locate;

import org.memvfs.mmu.MemoryException;

/**
 * A structure profile does not fit the image: read with its offsets, the System process is not
 * PID 4 named {@code System}, or the process list does not close on itself. The message names the
 * profile and every check that failed.
 */
public class ProfileMismatchException extends MemoryException {
    public ProfileMismatchException(String what, Context context) {
        super(what, context);
    }
}
