package org.memvfs.vfs;

import org.memvfs.mmu.MemoryException;

/**
 * A file-system operation that cannot be done, with the kind of failure the mount turns into an
 * errno (in one place).
 */
public class VfsException extends MemoryException {

    /** The ways an operation on the tree can fail, each with its POSIX errno name. */
    public enum Kind {
        NOT_FOUND, NOT_A_DIRECTORY, IS_A_DIRECTORY, READ_ONLY, INVALID_ARGUMENT
    }

    private final Kind kind;
    private final String path;

    public VfsException(Kind kind, String path, String what) {
        super(what + ": " + path, Context.NONE);
        this.kind = kind;
        this.path = path;
    }

    public Kind kind() {
        return kind;
    }

    public String path() {
        return path;
    }
}
