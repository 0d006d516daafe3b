package org.memvfs.vfs.os;

import org.memvfs.mmu.Va;

/**
 * A memory region of a process (a Windows VAD, a Linux VMA).
 *
 * @param start       the first byte
 * @param end         the last byte (inclusive)
 * @param permissions {@code r-x}-style
 * @param kind        what holds the region ({@code private}, {@code image}, {@code mapped} …)
 * @param protection  the operating system's own name for the protection ({@code PAGE_EXECUTE_READ} …), or empty
 * @param flags       short flags the operating system adds ({@code commit} …), or empty
 * @param file        the mapped file's path, or empty
 * @param tag         a short name for file names in {@code vmemd/} (the file's base name, {@code heap} …), or empty
 */
public record OsRegion(Va start, Va end, String permissions, String kind, String protection, String flags, String file,
        String tag) {

    public long size() {
        return end.value() - start.value() + 1;
    }
}
