package org.memvfs.win.sample;

import java.util.BitSet;

/**
 * Hands out the image's physical frames, deterministically, from three zones:
 * <ul>
 *   <li>fixed frames below 16 MiB that boot code places at well-known addresses (the low stub,
 *       the System process's top table), taken by {@link #reserve};</li>
 *   <li>a 2 MiB-aligned zone from 16 MiB to 64 MiB for the kernel image, which Windows maps with
 *       large pages and so needs physically contiguous, taken by {@link #contiguous};</li>
 *   <li>everything from 64 MiB up for all other pages, taken by {@link #allocate} in a scattered
 *       but fixed order (a stride through the zone), so that consecutive virtual pages land on
 *       unrelated frames as they do on a machine that has run for a while.</li>
 * </ul>
 */
final class FrameAllocator {
    static final long KERNEL_ZONE_START = 0x0100_0000L;
    static final long KERNEL_ZONE_END = 0x0400_0000L;
    static final long LARGE_PAGE = 0x20_0000L;
    /** A prime, so coprime with any zone size that is a power of two times 3 or 5. */
    private static final long STRIDE = 7919;

    private final long size;
    private final long generalFrames;
    private final BitSet taken = new BitSet();
    private long nextGeneral;
    private long nextKernel = KERNEL_ZONE_START;

    FrameAllocator(long physicalSize) {
        if (physicalSize < 2 * KERNEL_ZONE_END) {
            throw new IllegalArgumentException("a sample image needs at least 128 MiB of physical memory");
        }
        this.size = physicalSize;
        this.generalFrames = (physicalSize - KERNEL_ZONE_END) / PhysicalPages.PAGE;
        if (generalFrames % STRIDE == 0) {
            throw new IllegalArgumentException("the general zone's size must not be a multiple of the stride");
        }
    }

    /** A fresh frame from the general zone. */
    long allocate() {
        for (int tries = 0; tries < 1_000_000 && nextGeneral < generalFrames; tries++) {
            long index = (nextGeneral * STRIDE) % generalFrames;
            nextGeneral++;
            long pa = KERNEL_ZONE_END + index * PhysicalPages.PAGE;
            if (!taken.get(frameIndex(pa))) {
                taken.set(frameIndex(pa));
                return pa;
            }
        }
        throw new IllegalStateException("the sample image ran out of physical memory (0x" + Long.toHexString(size) + " bytes)");
    }

    /** {@code bytes} of physically contiguous, 2 MiB-aligned memory from the kernel-image zone. */
    long contiguous(long bytes) {
        long rounded = (bytes + LARGE_PAGE - 1) & -LARGE_PAGE;
        if (nextKernel + rounded > KERNEL_ZONE_END) {
            throw new IllegalStateException("the kernel image zone cannot hold 0x" + Long.toHexString(bytes) + " more bytes");
        }
        long base = nextKernel;
        nextKernel += rounded;
        for (long pa = base; pa < base + rounded; pa += PhysicalPages.PAGE) {
            taken.set(frameIndex(pa));
        }
        return base;
    }

    /** Takes the frame at {@code pa}, below the kernel zone, which must still be free. */
    long reserve(long pa) {
        if (pa < 0 || pa >= KERNEL_ZONE_START || (pa & (PhysicalPages.PAGE - 1)) != 0) {
            throw new IllegalArgumentException("fixed frames are page-aligned and below 16 MiB: 0x" + Long.toHexString(pa));
        }
        if (taken.get(frameIndex(pa))) {
            throw new IllegalStateException("frame 0x" + Long.toHexString(pa) + " is taken twice");
        }
        taken.set(frameIndex(pa));
        return pa;
    }

    private static int frameIndex(long pa) {
        return Math.toIntExact(pa >>> PhysicalPages.PAGE_SHIFT);
    }
}
