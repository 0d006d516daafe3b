package org.memvfs.win.object;

import org.memvfs.mmu.MemoryException;

/**
 * A kernel object, or one of its fields, could not be read: its page is not mapped, paged out or
 * outside the image, or what it holds makes no sense (a string longer than its buffer, a null
 * buffer with a length). The message names the object, its address and why; the context carries
 * the failing address and the table root.
 */
public class ObjectReadException extends MemoryException {
    public ObjectReadException(String what, Context context) {
        super(what, context);
    }
}
