package org.memvfs.mount;

import java.util.Optional;
import org.memvfs.mmu.CpuState;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.PhysicalMemory;

/** The page-table root an image offers by itself: the first CPU with paging on, from its headers. */
record DefaultRoot(Pa root, PagingMode mode, String source) {

    static Optional<DefaultRoot> of(PhysicalMemory memory) {
        for (CpuState cpu : memory.cpus()) {
            PagingMode mode = cpu.pagingMode();
            if (mode != null) {
                return Optional.of(new DefaultRoot(cpu.root(mode), mode, "CR3 of cpu " + cpu.cpu() + " in the image's notes"));
            }
        }
        return Optional.empty();
    }
}
