package org.memvfs.mmu;

import java.util.List;
import java.util.Locale;

/**
 * An x86 paging mode described as data: its levels from the root down, the width of a virtual
 * address, and which bits of CR3 address the root table. One walk loop serves every mode.
 */
public final class PagingMode {
    /** Bits of an entry that the hardware reads everywhere: present, R/W, U/S, PS, NX. */
    static final int PRESENT = 0;
    static final int WRITABLE = 1;
    static final int USER = 2;
    static final int ACCESSED = 5;
    static final int DIRTY = 6;
    static final int PAGE_SIZE = 7;
    static final int GLOBAL = 8;
    static final int NO_EXECUTE = 63;

    private static final long ADDRESS_52 = 0x000f_ffff_ffff_f000L;
    private static final long LARGE_2M_RESERVED = 0x0000_0000_001f_e000L;
    private static final long LARGE_1G_RESERVED = 0x0000_0000_3fff_e000L;
    private static final long PAE_PDPTE_RESERVED = 0x8000_0000_0000_01e6L;

    private static final PagingLevel X64_PML5 = x64Table("PML5", 48);
    private static final PagingLevel X64_PML4 = x64Table("PML4", 39);
    private static final PagingLevel X64_PDPT = new PagingLevel("PDPT", 30, 9, 8, 1L << 30,
            ADDRESS_52, ADDRESS_52, 0, LARGE_1G_RESERVED, true, false);
    private static final PagingLevel X64_PD = new PagingLevel("PD", 21, 9, 8, 1L << 21,
            ADDRESS_52, ADDRESS_52, 0, LARGE_2M_RESERVED, true, false);
    private static final PagingLevel X64_PT = new PagingLevel("PT", 12, 9, 8, 0,
            ADDRESS_52, ADDRESS_52, 0, 0, true, false);

    public static final PagingMode X64_4LEVEL = new PagingMode("x64", "x86-64 4-level",
            List.of(X64_PML4, X64_PDPT, X64_PD, X64_PT), 48, true, ADDRESS_52);
    public static final PagingMode X64_5LEVEL = new PagingMode("x64-la57", "x86-64 5-level (LA57)",
            List.of(X64_PML5, X64_PML4, X64_PDPT, X64_PD, X64_PT), 57, true, ADDRESS_52);
    public static final PagingMode X86_PAE = new PagingMode("pae", "x86 PAE", List.of(
            new PagingLevel("PDPT", 30, 2, 8, 0, ADDRESS_52, ADDRESS_52, PAE_PDPTE_RESERVED, 0, false, false),
            new PagingLevel("PD", 21, 9, 8, 1L << 21, ADDRESS_52, ADDRESS_52, 0, LARGE_2M_RESERVED, true, false),
            new PagingLevel("PT", 12, 9, 8, 0, ADDRESS_52, ADDRESS_52, 0, 0, true, false)),
            32, false, 0xffff_ffe0L);
    public static final PagingMode X86_32 = new PagingMode("x86", "x86 32-bit", List.of(
            new PagingLevel("PD", 22, 10, 4, 1L << 22, 0xffff_f000L, 0xffc0_0000L, 0, 1L << 21, true, true),
            new PagingLevel("PT", 12, 10, 4, 0, 0xffff_f000L, 0xffff_f000L, 0, 0, true, false)),
            32, false, 0xffff_f000L);

    private static final List<PagingMode> ALL = List.of(X64_4LEVEL, X64_5LEVEL, X86_PAE, X86_32);

    private final String id;
    private final String displayName;
    private final List<PagingLevel> levels;
    private final int vaBits;
    private final boolean signExtended;
    private final long rootMask;

    private PagingMode(String id, String displayName, List<PagingLevel> levels, int vaBits,
            boolean signExtended, long rootMask) {
        this.id = id;
        this.displayName = displayName;
        this.levels = levels;
        this.vaBits = vaBits;
        this.signExtended = signExtended;
        this.rootMask = rootMask;
    }

    private static PagingLevel x64Table(String name, int shift) {
        return new PagingLevel(name, shift, 9, 8, 0, ADDRESS_52, ADDRESS_52, 0, 0, true, false);
    }

    /** Every mode memvfs knows. */
    public static List<PagingMode> all() {
        return ALL;
    }

    /**
     * The mode named {@code id} ({@code x64}, {@code x64-la57}, {@code pae}, {@code x86}), case
     * insensitive; {@code la57} and {@code x64-5level} are accepted too.
     */
    public static PagingMode byId(String id) {
        String key = id.toLowerCase(Locale.ROOT);
        if (key.equals("la57") || key.equals("x64-5level")) {
            return X64_5LEVEL;
        }
        for (PagingMode mode : ALL) {
            if (mode.id.equals(key)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown paging mode '" + id + "'; known: x64, x64-la57, pae, x86");
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** The levels from the root table down to the page table. */
    public List<PagingLevel> levels() {
        return levels;
    }

    public int vaBits() {
        return vaBits;
    }

    /** The root table that a CR3 value names: PCID and flag bits masked off. */
    public Pa rootOf(long cr3) {
        return new Pa(cr3 & rootMask);
    }

    /** Whether {@code va} can be translated at all: canonical on x86-64, below 4 GiB on x86. */
    public boolean isValid(long va) {
        if (signExtended) {
            return signExtend(va) == va;
        }
        return (va >>> vaBits) == 0;
    }

    /** The highest valid address of the lower half (user space on x86-64). */
    long lowHalfEnd() {
        return (1L << (signExtended ? vaBits - 1 : vaBits)) - 1;
    }

    /** The lowest valid address of the upper half on x86-64, or 0 where there is none. */
    long highHalfStart() {
        return signExtended ? -1L << (vaBits - 1) : 0;
    }

    boolean signExtended() {
        return signExtended;
    }

    /** A raw index-built address made canonical: bits above {@code vaBits} copy the top bit. */
    long signExtend(long va) {
        if (!signExtended) {
            return va & ((1L << vaBits) - 1);
        }
        int unused = 64 - vaBits;
        return (va << unused) >> unused;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
