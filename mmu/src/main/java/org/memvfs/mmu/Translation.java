package org.memvfs.mmu;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The result of one page walk, as a value: every entry read on the way down, then either the
 * physical address with the page's size and access, or the reason the walk stopped.
 */
public final class Translation {
    private final Va va;
    private final Pa root;
    private final PagingMode mode;
    private final WalkStep[] steps;
    private final long pageBase;
    private final long pageSize;
    private final PageFlags flags;
    private final StopReason reason;
    private final String detail;

    private Translation(Va va, Pa root, PagingMode mode, WalkStep[] steps, long pageBase, long pageSize,
            PageFlags flags, StopReason reason, String detail) {
        this.va = va;
        this.root = root;
        this.mode = mode;
        this.steps = steps;
        this.pageBase = pageBase;
        this.pageSize = pageSize;
        this.flags = flags;
        this.reason = reason;
        this.detail = detail;
    }

    /**
     * A walk that found a page. {@code via} is null for a hardware mapping, or the kind of
     * software entry that still named the page (transition, prototype).
     */
    static Translation mapped(Va va, Pa root, PagingMode mode, WalkStep[] steps, long pageBase, long pageSize,
            PageFlags flags, StopReason via, String detail) {
        return new Translation(va, root, mode, steps, pageBase, pageSize, flags, via, detail);
    }

    static Translation stopped(Va va, Pa root, PagingMode mode, WalkStep[] steps, StopReason reason, String detail) {
        return new Translation(va, root, mode, steps, -1, 0, null, reason, detail);
    }

    /** The same walk seen from another address in the same page. */
    Translation at(Va other) {
        return other.equals(va) ? this
                : new Translation(other, root, mode, steps, pageBase, pageSize, flags, reason, detail);
    }

    public Va va() {
        return va;
    }

    public Pa root() {
        return root;
    }

    public PagingMode mode() {
        return mode;
    }

    /** The entries read, from the root table down; fewer than the mode's levels if it stopped early. */
    public List<WalkStep> steps() {
        return Arrays.asList(steps.clone());
    }

    int stepCount() {
        return steps.length;
    }

    /** The step at {@code level}, if the walk got there. */
    public Optional<WalkStep> step(PagingLevel level) {
        for (WalkStep step : steps) {
            if (step.level().equals(level)) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }

    public boolean isMapped() {
        return pageBase >= 0;
    }

    /** The physical address of {@code va}, if the walk found a page. */
    public Optional<Pa> pa() {
        return isMapped() ? Optional.of(new Pa(pageBase + va.offsetIn(pageSize))) : Optional.empty();
    }

    /** The physical address of the first byte of the (possibly large) page, if found. */
    public Optional<Pa> pageBase() {
        return isMapped() ? Optional.of(new Pa(pageBase)) : Optional.empty();
    }

    /** The physical address of {@code address} in this page, or -1 when unmapped: for loops that must not allocate. */
    long paOf(long address) {
        return pageBase < 0 ? -1 : pageBase + (address & (pageSize - 1));
    }

    /** Bytes from {@code address} to the end of its page: of this mapping's size, or 4 KiB when unmapped. */
    long bytesLeftInPage(long address) {
        long size = pageBase < 0 ? PageTables.PAGE : pageSize;
        return size - (address & (size - 1));
    }

    /** 4 KiB, 2 MiB, 4 MiB or 1 GiB when mapped; 0 otherwise. */
    public long pageSize() {
        return pageSize;
    }

    /** The combined access of the mapping, or null when unmapped. */
    public PageFlags flags() {
        return flags;
    }

    /**
     * Why the walk stopped when unmapped; for a page found through a software entry, the kind of
     * entry; null for an ordinary hardware mapping.
     */
    public StopReason reason() {
        return reason;
    }

    /** More about the reason (pagefile and offset, the failing bits); empty when none. */
    public String detail() {
        return detail == null ? "" : detail;
    }

    /** One line for people: where the address went, or why it went nowhere. */
    public String describe() {
        if (isMapped()) {
            String via = reason == null ? "" : " via " + reason.text() + (detail().isEmpty() ? "" : " (" + detail + ")");
            return va + " -> " + pa().orElseThrow() + " (" + sizeName(pageSize) + " page, " + flags + via + ")";
        }
        String at = steps.length == 0 ? "" : " at " + steps[steps.length - 1].level().name();
        return va + " not mapped: " + reason.text() + at + (detail().isEmpty() ? "" : " (" + detail + ")");
    }

    /** {@code 4K}, {@code 2M}, {@code 1G}: how MemProcFS and people name page sizes. */
    public static String sizeName(long size) {
        if (size >= 1L << 30) {
            return (size >> 30) + "G";
        }
        if (size >= 1L << 20) {
            return (size >> 20) + "M";
        }
        return (size >> 10) + "K";
    }

    @Override
    public String toString() {
        return describe();
    }
}
