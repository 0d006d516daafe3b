package org.memvfs.win.pte;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingLevel;
import org.memvfs.mmu.Pte;
import org.memvfs.mmu.ReadResult;
import org.memvfs.mmu.SoftwareEntry;
import org.memvfs.mmu.SoftwareEntryResolver;
import org.memvfs.mmu.StopReason;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Windows' rules for page-table entries whose valid bit is clear, for mmu's walks:
 * <ul>
 *   <li>prototype bit set (last level only): the page is shared and its real entry is the
 *       prototype PTE at ProtoAddress, a kernel address; that entry is read through the kernel's
 *       address space and resolved in turn (valid: its page; transition: its page; in a paging
 *       file or still in the mapped file: not in memory);</li>
 *   <li>transition bit set: the page is still in memory at the entry's frame, just not mapped;</li>
 *   <li>otherwise a software entry: PageFileHigh not zero means paged out to paging file
 *       PageFileLow at page PageFileHigh; zero means the page is made on first touch.</li>
 * </ul>
 * Every bit position comes from the profile. Prototype PTEs are read through a kernel address
 * space whose own rules do not follow prototypes, so a prototype pointing at a prototype cannot
 * recurse. Safe for concurrent use.
 */
public final class WindowsPteRules implements SoftwareEntryResolver {
    private static final int PAGE_SHIFT = 12;
    private static final int PTE_BYTES = 8;

    private final PteLayout layout;
    private final AddressSpace prototypes;

    private WindowsPteRules(PteLayout layout, AddressSpace prototypes) {
        this.layout = layout;
        this.prototypes = prototypes;
    }

    /**
     * The rules of {@code profile}'s build, without prototype PTEs (they are reported, not
     * followed) until {@link #withPrototypesFrom} gives a kernel address space to read them in.
     *
     * @throws org.memvfs.win.profile.ProfileException when the profile lacks an {@code _MMPTE_*} bitfield
     */
    public static WindowsPteRules of(WindowsProfile profile) {
        return new WindowsPteRules(PteLayout.of(profile), null);
    }

    /**
     * These rules, reading prototype PTEs through {@code kernelSpace}. Give it a kernel space whose
     * resolver does not follow prototypes (such as one using {@link #of} alone).
     */
    public WindowsPteRules withPrototypesFrom(AddressSpace kernelSpace) {
        return new WindowsPteRules(layout, kernelSpace);
    }

    @Override
    public SoftwareEntry resolve(PagingLevel level, Pte entry, Va va) {
        long raw = entry.raw();
        boolean lastLevel = level.shift() == PAGE_SHIFT;
        if (layout.isPrototype(raw)) {
            if (!lastLevel) {
                return SoftwareEntry.unresolved(StopReason.SOFTWARE, "prototype bit in a " + level.name() + " entry");
            }
            return prototype(new Va(layout.protoAddress(raw)));
        }
        if (layout.isTransition(raw)) {
            return SoftwareEntry.resolved(StopReason.TRANSITION, new Pa(layout.transitionPage(raw)), "");
        }
        return software(raw, null);
    }

    /** A software entry, met directly or ({@code where} not null) as a prototype: paged out, or demand zero. */
    private SoftwareEntry software(long raw, String where) {
        long filePage = layout.pageFilePage(raw);
        if (filePage == 0) {
            return SoftwareEntry.unresolved(StopReason.DEMAND_ZERO, where == null ? "" : where);
        }
        String place = "pagefile " + layout.pageFileNumber(raw) + " offset " + Hex.of(filePage << PAGE_SHIFT);
        return SoftwareEntry.unresolved(StopReason.PAGED_OUT, where == null ? place : where + ": " + place);
    }

    private SoftwareEntry prototype(Va protoPte) {
        String where = "prototype PTE at " + protoPte;
        if (prototypes == null) {
            return SoftwareEntry.unresolved(StopReason.PROTOTYPE, where);
        }
        ByteBuffer buffer = ByteBuffer.allocate(PTE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        ReadResult read = prototypes.read(protoPte, buffer);
        if (!read.isComplete()) {
            Translation t = prototypes.translate(protoPte);
            String why = t.isMapped() ? "its page is not in the image" : t.reason().text();
            return SoftwareEntry.unresolved(StopReason.PROTOTYPE, where + " cannot be read: " + why);
        }
        long proto = buffer.getLong(0);
        if (layout.isValid(proto)) {
            return SoftwareEntry.resolved(StopReason.PROTOTYPE, new Pa(layout.hardwarePage(proto)), where);
        }
        if (proto == 0) {
            return SoftwareEntry.unresolved(StopReason.DEMAND_ZERO, where + " is empty");
        }
        if (layout.isPrototype(proto)) {
            return SoftwareEntry.unresolved(StopReason.PROTOTYPE, where + ": the page is in its mapped file, not in memory");
        }
        if (layout.isTransition(proto)) {
            return SoftwareEntry.resolved(StopReason.PROTOTYPE, new Pa(layout.transitionPage(proto)),
                    where + ", in transition");
        }
        return software(proto, where);
    }

    @Override
    public String toString() {
        return "Windows PTE rules" + (prototypes == null ? " (prototypes not followed)" : "");
    }
}
