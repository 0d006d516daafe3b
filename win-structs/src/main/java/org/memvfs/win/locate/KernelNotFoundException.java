package org.memvfs.win.locate;

import org.memvfs.mmu.MemoryException;

/** No Windows kernel could be found in the image: no top page table, no ntoskrnl image, no System process. */
public class KernelNotFoundException extends MemoryException {
    public KernelNotFoundException(String what, Context context) {
        super(what, context);
    }
}
