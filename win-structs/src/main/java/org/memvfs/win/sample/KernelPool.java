package org.memvfs.win.sample;

import org.memvfs.win.profile.WindowsProfile;

/**
 * The kernel pools. Small allocations are carved out of pool pages one after another, each
 * preceded by a {@code _POOL_HEADER} (PreviousSize, BlockSize in pool units, PoolType, PoolTag)
 * so that the blocks of a page chain from its first byte to its last; the unused tail of a page
 * becomes one free block (PoolType 0). Allocations too large for a page are "big pool"
 * allocations: page aligned and without a header, as Windows makes them.
 *
 * <p>PoolType holds the base pool type plus one (Windows' convention, so that 0 means free):
 * 1 for non-paged (NX or not: the NX flag lies above the field's bits), 2 for paged.
 */
final class KernelPool {
    enum Kind {
        NON_PAGED(1), PAGED(2);

        final int headerPoolType;

        Kind(int headerPoolType) {
            this.headerPoolType = headerPoolType;
        }
    }

    private static final int PAGE = PhysicalPages.PAGE;

    private final WindowsProfile profile;
    private final PageTableWriter tables;
    private final FrameAllocator frames;
    private final VirtualMemory kernel;
    private final int headerSize;
    private final Region nonPaged;
    private final Region paged;

    KernelPool(WindowsProfile profile, PageTableWriter tables, FrameAllocator frames, VirtualMemory kernel,
            long nonPagedBase, long pagedBase) {
        this.profile = profile;
        this.tables = tables;
        this.frames = frames;
        this.kernel = kernel;
        this.headerSize = profile.structSize("_POOL_HEADER");
        this.nonPaged = new Region(nonPagedBase);
        this.paged = new Region(pagedBase);
    }

    /** The size of a pool header, which is also the pool's allocation unit. */
    int headerSize() {
        return headerSize;
    }

    /**
     * A zeroed block of at least {@code bytes} bytes tagged {@code tag}; returns the address just
     * after its pool header.
     */
    long allocate(String tag, int bytes, Kind kind) {
        int total = roundUp(headerSize + bytes, headerSize);
        if (total > PAGE - headerSize) {
            throw new IllegalArgumentException("a " + bytes + "-byte '" + tag + "' block does not fit a pool page; use allocateBig");
        }
        Region region = kind == Kind.NON_PAGED ? nonPaged : paged;
        if (region.pageCursor < 0 || region.pageCursor + total > PAGE) {
            region.closePage();
            region.openPage();
        }
        long block = region.page + region.pageCursor;
        writeHeader(block, region.previousBlockSize, total / headerSize, kind.headerPoolType, LittleEndian.tag(tag));
        region.previousBlockSize = total / headerSize;
        region.pageCursor += total;
        return block + headerSize;
    }

    /** Zeroed, page-aligned memory of {@code bytes} bytes (rounded up to pages), without a header. */
    long allocateBig(long bytes, Kind kind) {
        Region region = kind == Kind.NON_PAGED ? nonPaged : paged;
        long pages = (bytes + PAGE - 1) / PAGE;
        long start = region.next;
        for (long i = 0; i < pages; i++) {
            region.mapNextPage();
        }
        return start;
    }

    /** Ends the open pages, so that every pool page chains to its end. */
    void close() {
        nonPaged.closePage();
        paged.closePage();
    }

    private void writeHeader(long at, int previousSize, int blockSize, int poolType, int tag) {
        StructWriter header = new StructWriter(profile, kernel, "_POOL_HEADER", at);
        header.bits("PreviousSize", previousSize).bits("BlockSize", blockSize).bits("PoolType", poolType).u32("PoolTag", tag);
    }

    private static int roundUp(int value, int unit) {
        return (value + unit - 1) / unit * unit;
    }

    /** One pool's virtual range, mapped page by page as it grows. */
    private final class Region {
        final long start;
        long next;
        long page = -1;
        int pageCursor = -1;
        int previousBlockSize;

        Region(long start) {
            this.start = start;
            this.next = start;
        }

        long mapNextPage() {
            long va = next;
            long pa = frames.allocate();
            tables.map(tables.systemRoot(), va, pa, PageAccess.KERNEL_DATA);
            kernel.write(va, new byte[PAGE]);
            next += PAGE;
            return va;
        }

        void openPage() {
            page = mapNextPage();
            pageCursor = 0;
            previousBlockSize = 0;
        }

        void closePage() {
            if (pageCursor >= 0 && pageCursor < PAGE) {
                writeHeader(page + pageCursor, previousBlockSize, (PAGE - pageCursor) / headerSize, 0, 0);
            }
            pageCursor = -1;
        }
    }
}
