package org.memvfs.win.sample;

import java.nio.ByteBuffer;
import java.util.List;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;

/** The builder's {@link PhysicalPages} seen as mmu {@link PhysicalMemory}, for unit tests of the table writers. */
final class PagesMemory implements PhysicalMemory {
    private final PhysicalPages pages;

    PagesMemory(PhysicalPages pages) {
        this.pages = pages;
    }

    @Override
    public String format() {
        return "test";
    }

    @Override
    public String description() {
        return "builder pages";
    }

    @Override
    public long size() {
        return pages.size();
    }

    @Override
    public List<PhysicalRange> ranges() {
        return List.of(new PhysicalRange(Pa.of(0), pages.size()));
    }

    @Override
    public ReadResult read(Pa pa, ByteBuffer dst) {
        int length = dst.remaining();
        long available = Math.max(0, Math.min(length, pages.size() - pa.value()));
        dst.put(pages.read(pa.value(), (int) available));
        if (available < length) {
            dst.put(new byte[(int) (length - available)]);
            return ReadResult.absent(length);
        }
        return ReadResult.complete(length);
    }

    @Override
    public void close() {
    }
}
