package org.memvfs.win.sample;

/**
 * One VAD to write: a range of a process's address space and how it is backed.
 *
 * @param start        the first byte (page aligned)
 * @param end          the last byte (inclusive)
 * @param vadType      0 none, 2 image map …
 * @param protection   the MM_ protection index (1 read-only, 4 read-write, 7 execute-writecopy …)
 * @param memCommit    whether the whole range was committed when reserved
 * @param commitCharge the committed pages charged to the process
 * @param file         the mapped file for a file-backed VAD, else null (a private VAD)
 */
record VadEntry(long start, long end, int vadType, int protection, boolean memCommit, long commitCharge, MappedFile file) {
    static final int VAD_NONE = 0;
    static final int VAD_IMAGE_MAP = 2;
    static final int MM_READONLY = 1;
    static final int MM_READWRITE = 4;
    static final int MM_EXECUTE_WRITECOPY = 7;

    VadEntry {
        if ((start & (PhysicalPages.PAGE - 1)) != 0 || ((end + 1) & (PhysicalPages.PAGE - 1)) != 0 || Long.compareUnsigned(end, start) <= 0) {
            throw new IllegalArgumentException("a VAD covers whole pages: 0x" + Long.toHexString(start) + "-0x" + Long.toHexString(end));
        }
    }

    static VadEntry privateRange(long start, long size, int protection, boolean memCommit, long committedPages) {
        return new VadEntry(start, start + size - 1, VAD_NONE, protection, memCommit, committedPages, null);
    }

    static VadEntry image(long base, MappedFile file) {
        return new VadEntry(base, base + file.size() - 1, VAD_IMAGE_MAP, MM_EXECUTE_WRITECOPY, false, 0, file);
    }

    static VadEntry mappedData(long base, MappedFile file) {
        return new VadEntry(base, base + file.size() - 1, VAD_NONE, MM_READONLY, false, 0, file);
    }

    boolean isPrivate() {
        return file == null;
    }

    long pages() {
        return (end - start + 1) / PhysicalPages.PAGE;
    }
}
