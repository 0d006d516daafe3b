package org.memvfs.linux.object;

import org.memvfs.linux.btf.Btf;

/**
 * Where {@code mm_struct}'s members are, from BTF. Which VMA index the kernel keeps is chosen by
 * what BTF says: {@code mm_mt} (the maple tree, since 6.1) or {@code mmap} (the list before).
 */
final class MmLayout {
    final long pgd;
    final long mapCount;
    final long startBrk;
    final long brk;
    final long startStack;
    final long argStart;
    final long argEnd;
    /** {@code mm_struct.mm_mt}, or -1 on kernels before the maple tree. */
    final long mapleTree;
    /** {@code mm_struct.mmap}, or -1 on kernels with the maple tree. */
    final long mmapList;

    MmLayout(Btf btf) {
        pgd = offset(btf, "pgd");
        mapCount = offset(btf, "map_count");
        startBrk = offset(btf, "start_brk");
        brk = offset(btf, "brk");
        startStack = offset(btf, "start_stack");
        argStart = offset(btf, "arg_start");
        argEnd = offset(btf, "arg_end");
        boolean maple = btf.hasField("mm_struct", "mm_mt");
        mapleTree = maple ? offset(btf, "mm_mt") : -1;
        mmapList = maple ? -1 : offset(btf, "mmap");
    }

    private static long offset(Btf btf, String path) {
        return btf.requireField("mm_struct", path).offset();
    }

    boolean hasMapleTree() {
        return mapleTree >= 0;
    }
}
