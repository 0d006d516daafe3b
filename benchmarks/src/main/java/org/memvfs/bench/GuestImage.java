package org.memvfs.bench;

import java.util.List;
import java.util.Random;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MappedPage;
import org.memvfs.mmu.MappedRun;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.PagingCaches;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.SoftwareEntryResolver;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.guest.GuestCapture;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.QemuGuests;
import org.memvfs.mmu.image.MemoryImages;

/** The real guest the benchmarks run on: config A's raw image under the kernel CR3 of cpu 0. */
final class GuestImage implements AutoCloseable {
    final GuestCapture capture;
    final PhysicalMemory memory;
    final AddressSpace space;

    GuestImage() {
        this(PagingCaches.DEFAULT_TABLE_BYTES);
    }

    /** With a table-page cache of {@code tableBytes}: one page's worth makes nearly every table read a miss. */
    GuestImage(long tableBytes) {
        capture = QemuGuests.capture(GuestConfig.A);
        memory = MemoryImages.open(capture.raw());
        long cr3 = capture.cpuCr3().get(0);
        PagingCaches caches = new PagingCaches(memory, new MemoryCaches(), tableBytes, PagingCaches.DEFAULT_TRANSLATION_BYTES);
        space = new AddressSpace(caches, GuestConfig.A.mode(), GuestConfig.A.mode().rootOf(cr3), SoftwareEntryResolver.NONE);
    }

    /** {@code count} addresses of mapped 4 KiB pages, in random order, with random offsets. */
    long[] randomMappedAddresses(int count, long seed) {
        List<MappedPage> pages = space.pages().toList();
        Random random = new Random(seed);
        long[] addresses = new long[count];
        for (int i = 0; i < count; i++) {
            MappedPage page = pages.get(random.nextInt(pages.size()));
            long fourK = random.nextLong(page.size() / 4096);
            addresses[i] = page.va().value() + fourK * 4096 + random.nextInt(4096);
        }
        return addresses;
    }

    /** The longest mapped run of the address space whose pages are all of {@code pageSize} (0: any). */
    MappedRun longestRun(long pageSize) {
        MappedRun best = null;
        boolean inRun = false;
        long start = 0;
        long length = 0;
        for (MappedPage page : (Iterable<MappedPage>) space.pages()::iterator) {
            boolean fits = pageSize == 0 || page.size() == pageSize;
            if (fits && inRun && page.va().value() == start + length) {
                length += page.size();
            } else {
                inRun = fits;
                start = page.va().value();
                length = fits ? page.size() : 0;
            }
            if (inRun && (best == null || length > best.length())) {
                best = new MappedRun(new Va(start), length, page.flags());
            }
        }
        return best;
    }

    @Override
    public void close() {
        memory.close();
    }
}
