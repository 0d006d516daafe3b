package org.memvfs.mmu;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Visits the leaves of a page-table tree between two addresses in ascending order. It descends
 * only into present entries, so an empty top-level entry skips its whole span (512 GiB on
 * x86-64) in one step. Depth is bounded by the number of levels, and a table already on the
 * path from the root is not entered again: a self-referencing entry (the Windows self-map, or a
 * corrupt table) would otherwise enumerate every table as if it were memory, up to 512^4 times.
 */
final class LeafIterator implements Iterator<MappedPage> {
    private static final int MAX_LEFT_OUT_EXAMPLES = 8;
    private final PagingMode mode;
    private final List<PagingLevel> levels;
    private final PageTables tables;
    private final SoftwareEntryResolver resolver;
    /** The bounds as indices into the tree: addresses with the sign extension dropped. */
    private final long firstIndexed;
    private final long lastIndexed;

    private final byte[][] page;
    private final long[] tableAt;
    private final int[] tableOffset;
    private final long[] base;
    private final int[] next;
    private final int[] end;
    private final boolean[] writable;
    private final boolean[] user;
    private final boolean[] noExecute;
    private int depth;
    private MappedPage pending;
    private boolean leftOutOwnPath;
    private int leftOutCount;
    private final List<String> leftOutExamples = new java.util.ArrayList<>();

    LeafIterator(PagingMode mode, PageTables tables, SoftwareEntryResolver resolver, Pa root, long first, long last) {
        this.mode = mode;
        this.levels = mode.levels();
        this.tables = tables;
        this.resolver = resolver;
        int n = levels.size();
        page = new byte[n][];
        tableAt = new long[n];
        tableOffset = new int[n];
        base = new long[n];
        next = new int[n];
        end = new int[n];
        writable = new boolean[n + 1];
        user = new boolean[n + 1];
        noExecute = new boolean[n + 1];
        long indexMask = mode.vaBits() == 64 ? -1L : (1L << mode.vaBits()) - 1;
        firstIndexed = first & indexMask;
        lastIndexed = last & indexMask;
        writable[0] = true;
        user[0] = true;
        depth = Long.compareUnsigned(firstIndexed, lastIndexed) > 0 || !enter(0, root.value(), 0, firstIndexed, lastIndexed) ? -1 : 0;
    }

    /** Positions level {@code d} on the table at {@code table}, spanning from {@code spanBase}. */
    private boolean enter(int d, long table, long spanBase, long lo, long hi) {
        for (int above = 0; above < d; above++) {
            if (tableAt[above] == table) {
                leftOutOwnPath = true;
                leftOut(d, table, spanBase);
                return false;
            }
        }
        byte[] bytes = tables.page(table);
        if (bytes == null) {
            return false;
        }
        PagingLevel level = levels.get(d);
        page[d] = bytes;
        tableAt[d] = table;
        tableOffset[d] = PageTables.offsetInPage(table);
        base[d] = spanBase;
        next[d] = Long.compareUnsigned(lo, spanBase) > 0 ? level.indexOf(lo) : 0;
        long spanLast = d == 0 ? -1L : spanBase + levels.get(d - 1).span() - 1;
        end[d] = Long.compareUnsigned(hi, spanLast) < 0 ? level.indexOf(hi) : level.entries() - 1;
        return true;
    }

    private void leftOut(int d, long table, long spanBase) {
        if (leftOutCount++ < MAX_LEFT_OUT_EXAMPLES) {
            PagingLevel level = levels.get(d - 1);
            leftOutExamples.add(String.format("%s entry %03x of the table at %s points back at the table at %s, on its own "
                    + "path: the %s bytes from %s are not listed", level.name(), level.indexOf(spanBase), new Pa(tableAt[d - 1]),
                    new Pa(table), Hex.of(level.span()), new Va(mode.signExtend(spanBase))));
        }
    }

    /**
     * What was passed over so far because it leads back to a table on its own path, one line each
     * (the first few, then how many more): those addresses translate but are not listed.
     */
    List<String> leftOut() {
        if (leftOutCount <= MAX_LEFT_OUT_EXAMPLES) {
            return List.copyOf(leftOutExamples);
        }
        List<String> lines = new java.util.ArrayList<>(leftOutExamples);
        lines.add("and " + (leftOutCount - MAX_LEFT_OUT_EXAMPLES) + " more entries like these");
        return lines;
    }

    /**
     * Whether an entry was passed over so far because it leads back to a table on its own path:
     * the addresses it spans translate (a walk follows it) but are not visited as leaves.
     */
    boolean leftOutOwnPath() {
        return leftOutOwnPath;
    }

    @Override
    public boolean hasNext() {
        if (pending == null) {
            pending = advance();
        }
        return pending != null;
    }

    @Override
    public MappedPage next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        MappedPage result = pending;
        pending = null;
        return result;
    }

    private MappedPage advance() {
        while (depth >= 0) {
            if (next[depth] > end[depth]) {
                depth--;
                continue;
            }
            PagingLevel level = levels.get(depth);
            int index = next[depth]++;
            boolean last = depth == levels.size() - 1;
            long spanStart = base[depth] + ((long) index << level.shift());
            long raw = PageTables.entry(page[depth], tableOffset[depth] + index * level.entryBytes(), level.entryBytes());
            if ((raw & 1) == 0) {
                SoftwareEntry software = raw == 0 ? SoftwareEntry.NOT_PRESENT
                        : resolver.resolve(level, new Pte(raw), new Va(mode.signExtend(spanStart)));
                if (!software.isResolved()) {
                    continue;
                }
                if (last) {
                    return new MappedPage(new Va(mode.signExtend(spanStart)), software.page().alignDown(PageTables.PAGE),
                            PageTables.PAGE, PageFlags.SOFTWARE_PAGE);
                }
                // a table the operating system still holds in memory: walked as translate() walks it
                if (enter(depth + 1, software.page().value(), spanStart, firstIndexed, lastIndexed)) {
                    depth++;
                    writable[depth] = writable[depth - 1];
                    user[depth] = user[depth - 1];
                    noExecute[depth] = noExecute[depth - 1];
                }
                continue;
            }
            if ((raw & level.reservedMask()) != 0) {
                continue;
            }
            boolean large = !last && (raw & (1L << PagingMode.PAGE_SIZE)) != 0;
            if (large && (!level.allowsLargePages() || (raw & level.largeReservedMask()) != 0)) {
                continue;
            }
            boolean w = writable[depth];
            boolean u = user[depth];
            boolean nx = noExecute[depth];
            if (level.permissionBits()) {
                w &= (raw & (1L << PagingMode.WRITABLE)) != 0;
                u &= (raw & (1L << PagingMode.USER)) != 0;
                nx |= raw < 0;
            }
            if (last || large) {
                PageFlags flags = new PageFlags(w, u, !nx, (raw & (1L << PagingMode.GLOBAL)) != 0,
                        (raw & (1L << PagingMode.DIRTY)) != 0, (raw & (1L << PagingMode.ACCESSED)) != 0, false);
                long size = large ? level.largePageSize() : PageTables.PAGE;
                return new MappedPage(new Va(mode.signExtend(spanStart)), new Pa(level.leafAddress(raw, large)), size, flags);
            }
            if (enter(depth + 1, raw & level.tableMask(), spanStart, firstIndexed, lastIndexed)) {
                depth++;
                writable[depth] = w;
                user[depth] = u;
                noExecute[depth] = nx;
            }
        }
        return null;
    }
}
