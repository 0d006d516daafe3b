package org.memvfs.mmu.image;

/**
 * A run of physical memory stored contiguously in an image file.
 *
 * @param pa          the first physical address
 * @param length      bytes in the run
 * @param fileOffset  where the run's bytes start in the file
 * @param describedAt where in the file the run is described (its header), for error messages
 */
record Segment(long pa, long length, long fileOffset, long describedAt) {

    long paEnd() {
        return pa + length;
    }
}
