package org.memvfs.win.sample;

import org.memvfs.win.profile.BitField;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Not-present page-table entries in Windows' own formats, every bit position from the profile's
 * {@code _MMPTE_TRANSITION}, {@code _MMPTE_SOFTWARE}, {@code _MMPTE_PROTOTYPE} and
 * {@code _MMPTE_SUBSECTION}: Windows 7 x86 PAE, for one, keeps PageFileLow at bit 1 and the
 * prototype address in the high 32 bits, where x64 has bit 12 and bits 16 to 63.
 *
 * <p>Where a format has {@code SwizzleBit}, it is set: on the kernels with the L1TF mitigation a
 * clear SwizzleBit means the high bits are stored inverted under {@code MiState}'s invalid-PTE mask
 * (MemProcFS's reading: the offset is XORed with the mask only when the bit is clear), and the
 * sample writes its entries unswizzled.
 */
final class SoftwarePtes {
    /** MM_READWRITE, the protection index of a private read-write page. */
    static final int MM_READWRITE = 4;
    /** MM_EXECUTE_WRITECOPY, the protection index of an image page. */
    static final int MM_EXECUTE_WRITECOPY = 7;

    private final WindowsProfile profile;

    SoftwarePtes(WindowsProfile profile) {
        this.profile = profile;
    }

    /** A page still in memory, on the standby or modified list, at frame {@code pa}. */
    long transition(long pa, int protection) {
        String s = "_MMPTE_TRANSITION";
        long e = set(s, "Transition", 1, 0);
        e = set(s, "Protection", protection, e);
        e = set(s, "PageFrameNumber", pa >>> PhysicalPages.PAGE_SHIFT, e);
        return swizzle(s, e);
    }

    /** A page written out to paging file {@code pageFile} at page {@code pageInFile} of it. */
    long pagedOut(int pageFile, long pageInFile, int protection) {
        String s = "_MMPTE_SOFTWARE";
        long e = set(s, "PageFileLow", pageFile, 0);
        e = set(s, "PageFileHigh", pageInFile, e);
        e = set(s, "Protection", protection, e);
        return swizzle(s, e);
    }

    /** A pointer to the prototype PTE at kernel address {@code protoPteVa}. */
    long prototype(long protoPteVa) {
        String s = "_MMPTE_PROTOTYPE";
        BitField address = profile.bitField(s, "ProtoAddress");
        long e = set(s, "Prototype", 1, 0);
        // the field holds the address's low bits; the sign-extension of a kernel address is implied
        e |= (protoPteVa & address.mask()) << address.bitPosition();
        return swizzle(s, e);
    }

    /** Whether the profile describes subsection PTEs (the prototype entries of pages never read in). */
    boolean hasSubsectionFormat() {
        return profile.has("_MMPTE_SUBSECTION", "SubsectionAddress");
    }

    /** A prototype PTE for a file page not in memory: it names the subsection to read it from. */
    long subsection(long subsectionVa, int protection) {
        String s = "_MMPTE_SUBSECTION";
        BitField address = profile.bitField(s, "SubsectionAddress");
        long e = set(s, "Prototype", 1, 0);
        e = set(s, "Protection", protection, e);
        e |= (subsectionVa & address.mask()) << address.bitPosition();
        return swizzle(s, e);
    }

    private long swizzle(String struct, long entry) {
        return profile.has(struct, "SwizzleBit") ? set(struct, "SwizzleBit", 1, entry) : entry;
    }

    private long set(String struct, String field, long value, long entry) {
        BitField bf = profile.bitField(struct, field);
        if ((value & ~bf.mask()) != 0) {
            throw new IllegalArgumentException(struct + "." + field + " cannot hold 0x" + Long.toHexString(value));
        }
        return (entry & ~(bf.mask() << bf.bitPosition())) | (value << bf.bitPosition());
    }
}
