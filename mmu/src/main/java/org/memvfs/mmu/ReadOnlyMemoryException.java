package org.memvfs.mmu;

/** A write to memory that was opened read-only, or whose source cannot be written. */
public class ReadOnlyMemoryException extends MemoryException {
    public ReadOnlyMemoryException(String what, Context context) {
        super(what, context);
    }
}
