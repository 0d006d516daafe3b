package org.memvfs.mmu;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A virtual address space: physical memory seen through the page tables under one root, in one
 * paging mode. Translations and table pages are cached in the {@link PagingCaches} it was made
 * with. Safe for concurrent use.
 */
public final class AddressSpace {
    private static final int PAGE = PageTables.PAGE;

    private final PhysicalMemory memory;
    private final PagingMode mode;
    private final Pa root;
    private final PagingCaches caches;
    private final SoftwareEntryResolver resolver;
    private final PageTables tables;
    private final PageWalker walker;
    private final int spaceId;

    public AddressSpace(PagingCaches caches, PagingMode mode, Pa root, SoftwareEntryResolver resolver) {
        this.memory = caches.memory();
        this.mode = mode;
        this.root = root;
        this.caches = caches;
        this.resolver = resolver;
        this.tables = new PageTables(caches);
        this.walker = new PageWalker(mode, tables, resolver);
        this.spaceId = caches.newSpaceId();
    }

    /** An address space with caches of its own and no software-entry rules. */
    public static AddressSpace of(PhysicalMemory memory, PagingMode mode, Pa root) {
        return new AddressSpace(PagingCaches.standalone(memory), mode, root, SoftwareEntryResolver.NONE);
    }

    /** The same memory, mode, caches and rules under another root (another process's tables). */
    public AddressSpace withRoot(Pa otherRoot) {
        return new AddressSpace(caches, mode, otherRoot, resolver);
    }

    /** The same memory, mode, caches and root, explaining not-present entries with {@code rules}. */
    public AddressSpace withResolver(SoftwareEntryResolver rules) {
        return new AddressSpace(caches, mode, root, rules);
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public PagingMode mode() {
        return mode;
    }

    public Pa root() {
        return root;
    }

    public PagingCaches caches() {
        return caches;
    }

    /** Translates {@code va}, from the translation cache when this page was walked before. */
    public Translation translate(Va va) {
        return pageTranslation(va.value()).at(va);
    }

    /** Walks the tables for {@code va} now, bypassing (and not filling) the translation cache. */
    public Translation walk(Va va) {
        return walker.walk(root, va);
    }

    private Translation pageTranslation(long address) {
        // the generation is read before the walk: a walk that an invalidation overtakes is cached under the old key
        PagingCaches.PageKey key = new PagingCaches.PageKey(caches.registry().generation(), spaceId, address >>> 12);
        Translation cached = caches.translations().getIfPresent(key);
        if (cached == null) {
            cached = walker.walk(root, new Va(address & -PAGE));
            caches.translations().put(key, cached);
        }
        return cached;
    }

    /**
     * Fills {@code dst} from its position to its limit with the bytes from {@code va} on, across
     * pages, and advances its position. Bytes of pages that do not translate, or whose frames
     * the image does not hold, are zeros and reported absent.
     */
    public ReadResult read(Va va, ByteBuffer dst) {
        int limit = dst.limit();
        try {
            return dst.remaining() <= PAGE ? readPages(va.value(), dst) : readLeaves(va.value(), dst);
        } finally {
            dst.limit(limit);
        }
    }

    /** A short read: through the translation cache, as scattered small reads of kernel objects are. */
    private ReadResult readPages(long address, ByteBuffer dst) {
        int total = dst.remaining();
        PieceReader pieces = new PieceReader(dst, dst.position());
        for (int done = 0; done < total; ) {
            long at = address + done;
            Translation page = pageTranslation(at);
            int chunk = (int) Math.min(page.bytesLeftInPage(at), total - done);
            pieces.read(page.paOf(at), chunk);
            done += chunk;
        }
        return pieces.result(total);
    }

    /**
     * A long read: along the leaves of the tables, one table page lookup per table rather than
     * one translation per page, with physically contiguous pages read in one piece.
     */
    private ReadResult readLeaves(long address, ByteBuffer dst) {
        int start = dst.position();
        int total = dst.remaining();
        PieceReader pieces = new PieceReader(dst, start);
        long covered = 0;
        Iterator<MappedPage> leaves = leafIterator(address, address + total - 1);
        while (leaves.hasNext() && covered < total) {
            MappedPage leaf = leaves.next();
            long leafOffset = leaf.va().value() - address;
            if (leafOffset > covered) {
                gap(pieces, address, covered, Math.min(leafOffset, total), leaves);
                covered = Math.min(leafOffset, total);
            }
            long from = Math.max(covered, leafOffset);
            long to = Math.min(leafOffset + leaf.size(), total);
            if (to > from) {
                pieces.read(leaf.pa().value() + (from - leafOffset), (int) (to - from));
                covered = to;
            }
        }
        if (covered < total) {
            gap(pieces, address, covered, total, leaves);
        }
        return pieces.result(total);
    }

    /**
     * Bytes {@code from} to {@code to} of a long read that no leaf covers: absent, unless the leaf
     * walk passed over an entry leading back to a table on its own path (a self-map); then page by
     * page as {@link #translate} sees them, so that a read gives the same bytes whatever its length.
     */
    private void gap(PieceReader pieces, long address, long from, long to, Iterator<MappedPage> leaves) {
        if (!(leaves instanceof LeafIterator walk) || !walk.leftOutOwnPath()) {
            pieces.read(-1, (int) (to - from));
            return;
        }
        for (long at = from; at < to; ) {
            Translation page = pageTranslation(address + at);
            int chunk = (int) Math.min(page.bytesLeftInPage(address + at), to - at);
            pieces.read(page.paOf(address + at), chunk);
            at += chunk;
        }
    }

    /**
     * Copies pieces of physical memory into a buffer in order, merging each piece with the one
     * before when their frames follow each other, and collecting what was absent.
     */
    private final class PieceReader {
        private final ByteBuffer dst;
        private final int start;
        private long pendingPa = -1;
        private int pendingLength;
        private ReadResult.Builder absent;

        PieceReader(ByteBuffer dst, int start) {
            this.dst = dst;
            this.start = start;
        }

        /** The next {@code length} bytes come from {@code pa}, or are absent when it is -1. */
        void read(long pa, int length) {
            if (pa >= 0 && pendingPa >= 0 && pendingPa + pendingLength == pa) {
                pendingLength += length;
                return;
            }
            flush();
            if (pa >= 0) {
                pendingPa = pa;
                pendingLength = length;
                return;
            }
            int done = dst.position() - start;
            Buffers.zeroFill(dst, length);
            absentBuilder().absent(done, done + length);
        }

        private void flush() {
            if (pendingPa < 0) {
                return;
            }
            int done = dst.position() - start;
            int limit = dst.limit();
            dst.limit(dst.position() + pendingLength);
            ReadResult found = memory.read(new Pa(pendingPa), dst);
            dst.limit(limit);
            if (!found.isComplete()) {
                absentBuilder().add(done, found);
            }
            pendingPa = -1;
        }

        private ReadResult.Builder absentBuilder() {
            if (absent == null) {
                absent = new ReadResult.Builder();
            }
            return absent;
        }

        ReadResult result(int total) {
            flush();
            return absent == null ? ReadResult.complete(total) : absent.build(total);
        }
    }

    /**
     * Writes {@code src} at {@code va} through the translation of each page. Nothing is written
     * unless every page translates to memory the image holds.
     *
     * @throws MemoryException naming the first address that does not translate
     */
    public void write(Va va, ByteBuffer src) {
        int length = src.remaining();
        long address = va.value();
        for (long offset = 0; offset < length; ) {
            Translation t = translate(new Va(address + offset));
            if (!t.isMapped() || t.reason() != null) {
                throw new MemoryException("cannot write: " + t.describe(), MemoryException.Context.NONE
                        .withVa(t.va()).withRoot(root));
            }
            offset += PAGE - ((address + offset) & (PAGE - 1));
        }
        int limit = src.limit();
        try {
            while (src.hasRemaining()) {
                int chunk = (int) Math.min(PAGE - (address & (PAGE - 1)), src.remaining());
                src.limit(src.position() + chunk);
                memory.write(translate(new Va(address)).pa().orElseThrow(), src);
                src.limit(limit);
                address += chunk;
            }
        } finally {
            src.limit(limit);
        }
    }

    /**
     * Every leaf that overlaps {@code first} to {@code last} (both inclusive), ascending: a large
     * page that straddles a bound is included whole.
     */
    public Stream<MappedPage> pages(Va first, Va last) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(leafIterator(first.value(), last.value()),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The leaves overlapping {@code [lo, hi]}, with bounds outside the valid addresses pulled in. */
    private Iterator<MappedPage> leafIterator(long lo, long hi) {
        if (mode.signExtended()) {
            if (!mode.isValid(lo) && Long.compareUnsigned(lo, mode.highHalfStart()) < 0) {
                lo = mode.highHalfStart();
            }
            if (!mode.isValid(hi) && Long.compareUnsigned(hi, mode.highHalfStart()) < 0) {
                hi = mode.lowHalfEnd();
            }
        } else if (!mode.isValid(hi)) {
            hi = mode.lowHalfEnd();
        }
        if (!mode.isValid(lo) || Long.compareUnsigned(lo, hi) > 0) {
            return Collections.emptyIterator();
        }
        return new LeafIterator(mode, tables, resolver, root, lo, hi);
    }

    /** Every leaf of the address space, ascending. */
    public Stream<MappedPage> pages() {
        return pages(new Va(0), new Va(-1));
    }

    /**
     * The mapped runs from {@code first} to {@code last} (both inclusive): virtually contiguous
     * pages with equal access merged. An unmapped top-level entry is skipped whole.
     */
    public Stream<MappedRun> mappings(Va first, Va last) {
        return mappings(first, last, line -> {
        });
    }

    /**
     * The mapped runs as {@link #mappings(Va, Va)}, and, once they are all given, one line to
     * {@code leftOut} for each entry passed over because it points back at a table on its own path
     * (a self-map): the addresses it spans translate, but following it would list tables as memory.
     */
    public Stream<MappedRun> mappings(Va first, Va last, java.util.function.Consumer<String> leftOut) {
        Iterator<MappedPage> leaves = leafIterator(first.value(), last.value());
        Iterator<MappedRun> runs = new Iterator<>() {
            private MappedPage carry = leaves.hasNext() ? leaves.next() : null;
            private boolean told;

            @Override
            public boolean hasNext() {
                if (carry == null && !told) {
                    told = true;
                    if (leaves instanceof LeafIterator walk) {
                        walk.leftOut().forEach(leftOut);
                    }
                }
                return carry != null;
            }

            @Override
            public MappedRun next() {
                if (carry == null) {
                    throw new NoSuchElementException();
                }
                long start = carry.va().value();
                long length = carry.size();
                PageFlags flags = carry.flags();
                carry = null;
                while (leaves.hasNext()) {
                    MappedPage page = leaves.next();
                    if (page.va().value() == start + length && page.flags().equals(flags)) {
                        length += page.size();
                    } else {
                        carry = page;
                        break;
                    }
                }
                return new MappedRun(new Va(start), length, flags);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(runs,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public String toString() {
        return mode.id() + " address space, root " + root;
    }
}
