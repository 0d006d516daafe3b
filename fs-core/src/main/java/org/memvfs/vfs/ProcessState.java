package org.memvfs.vfs;

import org.memvfs.mmu.Va;

/** What the tree remembers about one process between operations: the address in {@code virt.txt}. */
final class ProcessState {
    private volatile Va virtualAddress = new Va(0);

    Va virtualAddress() {
        return virtualAddress;
    }

    void setVirtualAddress(Va va) {
        virtualAddress = va;
    }
}
