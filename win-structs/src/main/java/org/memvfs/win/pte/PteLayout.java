package org.memvfs.win.pte;

import org.memvfs.win.profile.BitField;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Where a build keeps the bits of its not-present page-table entries, from the profile's
 * {@code _MMPTE_*} structs: the layouts differ between builds (Win7 x86 PAE keeps PageFileLow at
 * bit 1 and the prototype address in the high dword; x64 keeps 48 sign-extended bits at 16), so
 * none of it is written here.
 */
record PteLayout(BitField valid, BitField hardwarePfn, BitField prototype, BitField protoAddress,
        BitField transition, BitField transitionPfn, BitField pageFileLow, BitField pageFileHigh,
        boolean signExtendedAddresses) {

    static PteLayout of(WindowsProfile profile) {
        return new PteLayout(
                profile.bitField("_MMPTE_HARDWARE", "Valid"),
                profile.bitField("_MMPTE_HARDWARE", "PageFrameNumber"),
                profile.bitField("_MMPTE_PROTOTYPE", "Prototype"),
                profile.bitField("_MMPTE_PROTOTYPE", "ProtoAddress"),
                profile.bitField("_MMPTE_TRANSITION", "Transition"),
                profile.bitField("_MMPTE_TRANSITION", "PageFrameNumber"),
                profile.bitField("_MMPTE_SOFTWARE", "PageFileLow"),
                profile.bitField("_MMPTE_SOFTWARE", "PageFileHigh"),
                profile.is64Bit());
    }

    boolean isValid(long raw) {
        return valid.extract(raw) != 0;
    }

    boolean isPrototype(long raw) {
        return prototype.extract(raw) != 0;
    }

    /** A transition entry: the transition bit set and the prototype bit clear. */
    boolean isTransition(long raw) {
        return transition.extract(raw) != 0 && !isPrototype(raw);
    }

    /** The kernel address of the prototype PTE: sign-extended on x64, where it is a 48-bit field. */
    long protoAddress(long raw) {
        long address = protoAddress.extract(raw);
        int unused = Long.SIZE - protoAddress.bitLength();
        return signExtendedAddresses && unused > 0 ? (address << unused) >> unused : address;
    }

    long hardwarePage(long raw) {
        return hardwarePfn.extract(raw) << 12;
    }

    long transitionPage(long raw) {
        return transitionPfn.extract(raw) << 12;
    }

    long pageFileNumber(long raw) {
        return pageFileLow.extract(raw);
    }

    /** The page's index in its paging file; 0 means the page was never written there. */
    long pageFilePage(long raw) {
        return pageFileHigh.extract(raw);
    }
}
