package org.memvfs.mount;

/** A mount that cannot be made or undone, with what to do about it. */
final class MountException extends RuntimeException {
    MountException(String message) {
        super(message);
    }

    MountException(String message, Throwable cause) {
        super(message, cause);
    }
}
