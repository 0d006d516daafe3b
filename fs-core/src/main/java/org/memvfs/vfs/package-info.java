/**
 * The memvfs file tree, independent of FUSE: process directories, lazily rendered text files,
 * writable files and memory files. Arrives with its own issue.
 */
package org.memvfs.vfs;
