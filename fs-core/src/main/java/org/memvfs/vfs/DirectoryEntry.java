package org.memvfs.vfs;

/** A name in a directory and whether it names a directory; sizes are left to {@code stat}. */
public record DirectoryEntry(String name, boolean directory) {
}
