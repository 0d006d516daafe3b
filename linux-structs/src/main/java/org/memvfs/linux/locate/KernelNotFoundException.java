package org.memvfs.linux.locate;

import org.memvfs.mmu.MemoryException;

/**
 * No Linux kernel could be found in an image, or not enough of one to read its processes: no
 * BTF, no {@code init_task}, no direct map or no top page table. The message says which step
 * failed and what was tried.
 */
public class KernelNotFoundException extends MemoryException {
    public KernelNotFoundException(String what) {
        super(what, Context.NONE);
    }
}
