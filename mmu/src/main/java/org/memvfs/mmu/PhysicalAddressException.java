package org.memvfs.mmu;

/** A physical address lies outside the memory the image holds, or cannot be used as asked. */
public class PhysicalAddressException extends MemoryException {
    public PhysicalAddressException(String what, Context context) {
        super(what, context);
    }
}
