package org.memvfs.win.locate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;

/** Visits the 4 KiB pages of physical memory in ascending order, read in large chunks. */
final class PhysicalPages {
    static final int PAGE = 4096;
    private static final int CHUNK = 1 << 20;

    /** What to do with one page; answers false to stop the scan. */
    @FunctionalInterface
    interface Visitor {
        /** The page at {@code page} is the 4 KiB of {@code chunk} from {@code offset} (little-endian). */
        boolean visit(Pa page, ByteBuffer chunk, int offset);
    }

    private PhysicalPages() {
    }

    /** Visits every whole page the image holds below {@code limit}. */
    static void forEach(PhysicalMemory memory, long limit, Visitor visitor) {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (PhysicalRange range : memory.ranges()) {
            long start = (range.start().value() + PAGE - 1) & -PAGE;
            long end = Math.min(range.end().value() & -PAGE, limit);
            for (long at = start; at < end; at += CHUNK) {
                int length = (int) Math.min(CHUNK, end - at);
                chunk.clear().limit(length);
                memory.read(new Pa(at), chunk);
                for (int offset = 0; offset < length; offset += PAGE) {
                    if (!visitor.visit(new Pa(at + offset), chunk, offset)) {
                        return;
                    }
                }
            }
        }
    }
}
