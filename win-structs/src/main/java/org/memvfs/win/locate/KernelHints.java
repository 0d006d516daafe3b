package org.memvfs.win.locate;

import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.Va;

/**
 * What is already known about the kernel of an image, from a crash dump's header or the person
 * asking, so that discovery skips the scans it would otherwise do. Every part is optional (null).
 *
 * @param dtb                 the kernel's top page table (System's DirectoryTableBase, or any CR3)
 * @param mode                the paging mode; with a {@code dtb} and no mode, each mode is tried
 * @param kernelBase          where ntoskrnl's image starts
 * @param psActiveProcessHead the process list head
 * @param psLoadedModuleList  the kernel-module list head
 * @param kdDebuggerDataBlock the KDBG block
 */
public record KernelHints(Pa dtb, PagingMode mode, Va kernelBase, Va psActiveProcessHead, Va psLoadedModuleList,
        Va kdDebuggerDataBlock) {
    public static final KernelHints NONE = new KernelHints(null, null, null, null, null, null);

    public KernelHints withDtb(Pa newDtb, PagingMode newMode) {
        return new KernelHints(newDtb, newMode, kernelBase, psActiveProcessHead, psLoadedModuleList, kdDebuggerDataBlock);
    }

    public KernelHints withKernelBase(Va base) {
        return new KernelHints(dtb, mode, base, psActiveProcessHead, psLoadedModuleList, kdDebuggerDataBlock);
    }

    public KernelHints withPsActiveProcessHead(Va head) {
        return new KernelHints(dtb, mode, kernelBase, head, psLoadedModuleList, kdDebuggerDataBlock);
    }

    public KernelHints withPsLoadedModuleList(Va head) {
        return new KernelHints(dtb, mode, kernelBase, psActiveProcessHead, head, kdDebuggerDataBlock);
    }

    public KernelHints withKdDebuggerDataBlock(Va block) {
        return new KernelHints(dtb, mode, kernelBase, psActiveProcessHead, psLoadedModuleList, block);
    }
}
