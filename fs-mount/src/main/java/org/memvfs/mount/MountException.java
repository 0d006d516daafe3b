package org.memvfs.mount;

import org.memvfs.mmu.MemoryException;

/** A mount that cannot be made or undone, with what to do about it. */
final class MountException extends MemoryException {
    MountException(String message) {
        super(message, Context.NONE);
    }

    MountException(String message, Throwable cause) {
        super(message, Context.NONE, cause);
    }
}
