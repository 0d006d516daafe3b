package org.memvfs.mmu.guest;

import org.memvfs.mmu.PagingMode;

/** The guest configurations that {@code tools/qemu-guest/make-images.sh} captures. */
public enum GuestConfig {
    /** 4-level paging, KASLR on, KPTI on, 512 MiB. */
    A("x86-4l-kaslr-pti", PagingMode.X64_4LEVEL),
    /** 4-level paging, KASLR off, 4 GiB with the PCI hole, a 1 GiB page. */
    B("x86-4l-nokaslr-4g", PagingMode.X64_4LEVEL),
    /** 5-level paging (LA57), KASLR on, 2 GiB. */
    C("x86-5l-kaslr-2g", PagingMode.X64_5LEVEL);

    private final String directory;
    private final PagingMode mode;

    GuestConfig(String directory, PagingMode mode) {
        this.directory = directory;
        this.mode = mode;
    }

    public String directory() {
        return directory;
    }

    /** The paging mode the guest runs in, as the capture configured it. */
    public PagingMode mode() {
        return mode;
    }
}
