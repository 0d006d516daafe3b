package org.memvfs.win.sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;

/**
 * One process's user address space while it is built: its page tables (through the shared
 * {@link PageTableWriter}), a bump allocator for private regions on 64 KiB boundaries (Windows'
 * allocation granularity), the VADs made so far and the pages deliberately left not present.
 */
final class UserSpace {
    static final long GRANULARITY = 0x1_0000;
    private static final int PAGE = PhysicalPages.PAGE;

    private final BuildContext ctx;
    private final long root;
    private final VirtualMemory memory;
    private final long areaEnd;
    private long next;
    private final List<VadEntry> vads = new ArrayList<>();
    private final List<SampleSoftwarePage> softwarePages = new ArrayList<>();

    UserSpace(BuildContext ctx, long root, long areaStart, long areaEnd) {
        this.ctx = ctx;
        this.root = root;
        this.memory = ctx.userMemory(root);
        this.next = areaStart;
        this.areaEnd = areaEnd;
    }

    long root() {
        return root;
    }

    VirtualMemory memory() {
        return memory;
    }

    /** {@code size} bytes of unused address space from the private area, 64 KiB aligned. */
    long reserve(long size) {
        long start = next;
        next = (start + size + GRANULARITY - 1) & -GRANULARITY;
        if (Long.compareUnsigned(next, areaEnd) > 0) {
            throw new IllegalStateException("the process's private area is full");
        }
        return start;
    }

    /**
     * A private VAD of {@code size} bytes at {@code start}; the {@code residentPages} pages from
     * {@code firstResident} (an offset into the range) get fresh frames, writable or read-only as
     * the protection says.
     */
    void privateRegion(long start, long size, int protection, boolean memCommit, long firstResident, int residentPages) {
        long committed = memCommit ? size / PAGE : residentPages;
        vads.add(VadEntry.privateRange(start, size, protection, memCommit, committed));
        PageAccess access = protection == VadEntry.MM_READONLY ? PageAccess.USER_READONLY : PageAccess.USER_DATA;
        for (int i = 0; i < residentPages; i++) {
            ctx.tables.map(root, start + firstResident + (long) i * PAGE, ctx.frames.allocate(), access);
        }
    }

    /** A private read-only VAD of one page at {@code va} showing the existing frame {@code frame} (KUSER_SHARED_DATA). */
    void sharedPage(long va, long frame) {
        vads.add(VadEntry.privateRange(va, PAGE, VadEntry.MM_READONLY, true, 1));
        ctx.tables.map(root, va, frame, PageAccess.USER_READONLY);
    }

    /** Maps the image {@code file} at {@code base}: its resident pages point at the file's shared frames. */
    void image(long base, MappedFile file, int codePage) {
        vads.add(VadEntry.image(base, file));
        file.residentPages().forEach((index, frame) -> ctx.tables.map(root, base + (long) index * PAGE, frame,
                index == codePage ? PageAccess.USER_CODE : PageAccess.USER_READONLY));
    }

    /** Maps the data file {@code file} at {@code base}, read-only. */
    void dataFile(long base, MappedFile file) {
        vads.add(VadEntry.mappedData(base, file));
        file.residentPages().forEach((index, frame) -> ctx.tables.map(root, base + (long) index * PAGE, frame,
                PageAccess.USER_READONLY));
    }

    /** Leaves the page at {@code va} in transition: its bytes are in frame {@code frame}, which is otherwise unmapped. */
    void transition(long va, long frame) {
        ctx.tables.setSoftwareEntry(root, va, ctx.softwarePtes.transition(frame, SoftwarePtes.MM_READWRITE));
        softwarePages.add(new SampleSoftwarePage(Va.of(va), SampleSoftwarePage.Kind.TRANSITION, Pa.of(frame), -1, -1));
    }

    /** Leaves the page at {@code va} paged out to paging file {@code pageFile}, page {@code pageInFile}. */
    void pagedOut(long va, int pageFile, long pageInFile) {
        ctx.tables.setSoftwareEntry(root, va, ctx.softwarePtes.pagedOut(pageFile, pageInFile, SoftwarePtes.MM_READWRITE));
        softwarePages.add(new SampleSoftwarePage(Va.of(va), SampleSoftwarePage.Kind.PAGED_OUT, null, pageFile,
                pageInFile * PAGE));
    }

    /**
     * Replaces the valid entry of page {@code index} of the file mapped at {@code base} by a
     * pointer to the file's prototype PTE, which stays valid (the page is still in memory).
     */
    void prototype(long base, MappedFile file, int index) {
        long frame = file.frame(index);
        if (frame < 0) {
            throw new IllegalArgumentException("page " + index + " of " + file.path() + " is not in memory");
        }
        long va = base + (long) index * PAGE;
        ctx.tables.setSoftwareEntry(root, va, ctx.softwarePtes.prototype(file.prototypePte(index, MappedFiles.pteSize())));
        softwarePages.add(new SampleSoftwarePage(Va.of(va), SampleSoftwarePage.Kind.PROTOTYPE, Pa.of(frame), -1, -1));
    }

    /** The VADs so far, ascending by start. */
    List<VadEntry> vads() {
        List<VadEntry> sorted = new ArrayList<>(vads);
        sorted.sort(Comparator.comparing(VadEntry::start, Long::compareUnsigned));
        return sorted;
    }

    List<SampleSoftwarePage> softwarePages() {
        List<SampleSoftwarePage> sorted = new ArrayList<>(softwarePages);
        sorted.sort(Comparator.comparing(SampleSoftwarePage::va));
        return sorted;
    }

    long virtualSize() {
        return vads.stream().mapToLong(v -> v.end() - v.start() + 1).sum();
    }

    long commitCharge() {
        return vads.stream().mapToLong(VadEntry::commitCharge).sum();
    }
}
