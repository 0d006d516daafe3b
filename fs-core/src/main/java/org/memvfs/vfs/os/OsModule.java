package org.memvfs.vfs.os;

import org.memvfs.mmu.Va;

/**
 * A loaded module (DLL, executable, shared object) of a process.
 *
 * @param name  the base name ({@code ntdll.dll})
 * @param base  where it is loaded
 * @param size  its size in memory
 * @param entry its entry point, or null
 * @param path  its full path
 */
public record OsModule(String name, Va base, long size, Va entry, String path) {
}
