package org.memvfs.win.locate;

import java.util.Optional;
import org.memvfs.mmu.Va;

/**
 * ntoskrnl as found in memory.
 *
 * @param exportName the DLL name its export directory gives ({@code ntoskrnl.exe}, {@code ntkrnlpa.exe} …)
 */
record KernelImage(PeImage pe, PeExports exports, String exportName, Optional<PeImage.CodeView> codeView) {

    Va base() {
        return pe.base();
    }

    long size() {
        return pe.sizeOfImage();
    }

    /** Where the export {@code name} is. */
    Optional<Va> export(String name) {
        return exports.find(name);
    }

    boolean contains(Va va) {
        return pe.contains(va);
    }
}
