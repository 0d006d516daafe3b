package org.memvfs.mmu;

import java.util.Arrays;
import java.util.List;

/** The one page-walk loop: follows a {@link PagingMode}'s levels from a root to a page. */
final class PageWalker {
    private static final WalkStep[] NO_STEPS = new WalkStep[0];

    private final PagingMode mode;
    private final List<PagingLevel> levels;
    private final PageTables tables;
    private final SoftwareEntryResolver resolver;

    PageWalker(PagingMode mode, PageTables tables, SoftwareEntryResolver resolver) {
        this.mode = mode;
        this.levels = mode.levels();
        this.tables = tables;
        this.resolver = resolver;
    }

    Translation walk(Pa root, Va va) {
        long address = va.value();
        if (!mode.isValid(address)) {
            return Translation.stopped(va, root, mode, NO_STEPS, StopReason.NON_CANONICAL, "");
        }
        WalkStep[] steps = new WalkStep[levels.size()];
        long table = root.value();
        boolean writable = true;
        boolean user = true;
        boolean noExecute = false;
        for (int depth = 0; depth < levels.size(); depth++) {
            PagingLevel level = levels.get(depth);
            boolean last = depth == levels.size() - 1;
            int index = level.indexOf(address);
            long entryPa = table + (long) index * level.entryBytes();
            byte[] page = tables.page(entryPa);
            if (page == null) {
                return Translation.stopped(va, root, mode, Arrays.copyOf(steps, depth),
                        StopReason.TABLE_OUTSIDE_MEMORY, level.name() + " table at " + Hex.of(table));
            }
            long raw = PageTables.entry(page, PageTables.offsetInPage(entryPa), level.entryBytes());
            Pte entry = new Pte(raw);
            steps[depth] = new WalkStep(level, new Pa(table), index, entry);
            if (!entry.bit(PagingMode.PRESENT)) {
                SoftwareEntry software = raw == 0 ? SoftwareEntry.NOT_PRESENT : resolver.resolve(level, entry, va);
                if (!software.isResolved()) {
                    return Translation.stopped(va, root, mode, taken(steps, depth), software.reason(), software.detail());
                }
                if (last) {
                    return Translation.mapped(va, root, mode, taken(steps, depth),
                            software.page().value() & ~(PageTables.PAGE - 1L), PageTables.PAGE,
                            PageFlags.SOFTWARE_PAGE, software.reason(), software.detail());
                }
                table = software.page().value();
                continue;
            }
            if ((raw & level.reservedMask()) != 0) {
                return Translation.stopped(va, root, mode, taken(steps, depth), StopReason.RESERVED_BITS,
                        "bits " + Hex.of(raw & level.reservedMask()));
            }
            boolean large = !last && entry.bit(PagingMode.PAGE_SIZE);
            if (large && !level.allowsLargePages()) {
                return Translation.stopped(va, root, mode, taken(steps, depth), StopReason.LARGE_PAGE_NOT_ALLOWED,
                        "PS bit in a " + level.name() + " entry");
            }
            if (large && (raw & level.largeReservedMask()) != 0) {
                return Translation.stopped(va, root, mode, taken(steps, depth), StopReason.RESERVED_BITS,
                        "bits " + Hex.of(raw & level.largeReservedMask()) + " of a large-page entry");
            }
            if (level.permissionBits()) {
                writable &= entry.bit(PagingMode.WRITABLE);
                user &= entry.bit(PagingMode.USER);
                noExecute |= entry.bit(PagingMode.NO_EXECUTE);
            }
            if (last || large) {
                long size = large ? level.largePageSize() : PageTables.PAGE;
                PageFlags flags = new PageFlags(writable, user, !noExecute, entry.bit(PagingMode.GLOBAL),
                        entry.bit(PagingMode.DIRTY), entry.bit(PagingMode.ACCESSED), false);
                return Translation.mapped(va, root, mode, taken(steps, depth), level.leafAddress(raw, large),
                        size, flags, null, null);
            }
            table = raw & level.tableMask();
        }
        throw new IllegalStateException("a walk of " + mode + " ended without a leaf level");
    }

    /** The steps up to and including {@code depth}. */
    private static WalkStep[] taken(WalkStep[] steps, int depth) {
        return depth + 1 == steps.length ? steps : Arrays.copyOf(steps, depth + 1);
    }
}
