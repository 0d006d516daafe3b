package org.memvfs.linux.object;

import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;

/** A kernel structure could not be read: its address does not translate, or its bytes are not in the image. */
public class KernelReadException extends MemoryException {
    public KernelReadException(String what, Va va, Pa root) {
        super(what, Context.NONE.withVa(va).withRoot(root));
    }
}
