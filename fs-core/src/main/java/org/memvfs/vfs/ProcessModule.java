package org.memvfs.vfs;

/**
 * One part of every process directory (DESIGN rule 8): it names the directory it fills and adds
 * its entries for a process. Adding a per-process directory is one class and one line in
 * {@link ProcessModules}.
 */
interface ProcessModule {

    /** The subdirectory this module fills, or the empty string for the process directory itself. */
    String directory();

    /** Adds this module's entries for the process of {@code context} to {@code directory}. */
    void addEntries(ProcessContext context, EntriesDirectory directory);
}
