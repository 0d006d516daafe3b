package org.memvfs.vfs;

import org.memvfs.vfs.os.OsKernel;
import org.memvfs.vfs.os.OsProcess;

/**
 * What a process module works with: the kernel, the process, the render cache and this
 * process's own state in the tree (the address written to {@code virt2phys/virt.txt}).
 *
 * @param key names the process's rendered files in the render cache: its pid and create time,
 *            and the reading of the process list it comes from (a tree's serial number)
 */
record ProcessContext(OsKernel kernel, OsProcess process, String key, RenderCache cache, ProcessState state,
        VfsOptions options) {

    /** A text file of this process, rendered once and cached under its path. */
    TextFile text(String path, java.util.function.Supplier<String> render) {
        return new TextFile(cache, key + "/" + path, render);
    }
}
