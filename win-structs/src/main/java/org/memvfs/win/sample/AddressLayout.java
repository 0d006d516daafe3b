package org.memvfs.win.sample;

import org.memvfs.win.profile.WindowsProfile;

/**
 * Where the sample puts things in virtual and physical memory, per architecture and Windows
 * generation. The values imitate what real systems show: x64 Windows 10 maps ntoskrnl at a
 * 2 MiB-aligned address in 0xFFFFF800'00000000–0xFFFFF807'FFFFFFFF and its pools at
 * 0xFFFF8…–0xFFFFD… addresses; Windows 7 x64 has ntoskrnl in 0xFFFFF800'02…, drivers at
 * 0xFFFFF880'…, non-paged pool at 0xFFFFFA80'… and paged pool at 0xFFFFF8A0'…; 32-bit Windows
 * keeps the kernel above 0x80000000, ntoskrnl near 0x82800000. In user space Windows 10 keeps
 * executables at 0x00007FF6'…, system DLLs at 0x00007FFB'… and the PEB, TEBs, heaps and stacks
 * at lower, per-process addresses; Windows 7 puts the PEB and TEBs just below 0x000007FF'FFFE0000
 * (0x7FFE0000 on x86).
 */
final class AddressLayout {
    static final long KUSER_USER = 0x7FFE_0000L;
    static final long KUSER_X64 = 0xFFFF_F780_0000_0000L;
    static final long KUSER_X86 = 0xFFDF_0000L;
    /** Where the System process's top table is on many real machines (x64: 0x1AA000, x86 PAE: 0x185000). */
    static final long SYSTEM_DTB_X64 = 0x1A_A000L;
    static final long SYSTEM_DTB_X86 = 0x18_5000L;
    /** The low-stub page; Windows puts it in the first megabyte (MemProcFS searches 0x1000–0x100000). */
    static final long LOW_STUB = 0x1_3000L;
    static final long PHYSICAL_SIZE = 256L << 20;
    private static final long WOW64_PRIVATE_AREA = 0x0200_0000L;
    private static final long WOW64_EXE_BASE = 0x00A5_0000L;
    private static final long X86_DLL_AREA = 0x7300_0000L;

    private final boolean is64;
    private final boolean win7;

    AddressLayout(WindowsProfile profile) {
        this.is64 = profile.is64Bit();
        this.win7 = profile.buildNumber() < 9200;
    }

    boolean is64Bit() {
        return is64;
    }

    /** Whether this is the Windows 7 generation (PEB and TEBs at the top of user space, no TypeIndex encoding). */
    boolean win7() {
        return win7;
    }

    long systemDtb() {
        return is64 ? SYSTEM_DTB_X64 : SYSTEM_DTB_X86;
    }

    /** The 2 MiB-aligned start of the large pages that map ntoskrnl. */
    long kernelRegion() {
        if (is64) {
            return win7 ? 0xFFFF_F800_0260_0000L : 0xFFFF_F805_4E60_0000L;
        }
        return win7 ? 0x8280_0000L : 0x8140_0000L;
    }

    /** How far into its large pages ntoskrnl starts (Windows 7 loads it after the loader's own data). */
    long kernelBaseOffset() {
        if (!win7) {
            return 0;
        }
        return is64 ? 0x6_1000L : 0x4_B000L;
    }

    long kernelBase() {
        return kernelRegion() + kernelBaseOffset();
    }

    /** Where drivers and hal are loaded (with 4 KiB pages), one after another. */
    long driverArea() {
        if (is64) {
            return win7 ? 0xFFFF_F880_00C0_0000L : 0xFFFF_F805_5200_0000L;
        }
        return 0x8B40_0000L;
    }

    long nonPagedPool() {
        if (is64) {
            return win7 ? 0xFFFF_FA80_0180_0000L : 0xFFFF_B885_0E80_0000L;
        }
        return 0x84A0_0000L;
    }

    long pagedPool() {
        if (is64) {
            return win7 ? 0xFFFF_F8A0_0020_0000L : 0xFFFF_A68C_3A40_0000L;
        }
        return 0x8D40_0000L;
    }

    /** Kernel stacks' addresses (the sample records them in threads but does not map them). */
    long kernelStacks() {
        if (is64) {
            return win7 ? 0xFFFF_F880_0300_0000L : 0xFFFF_F306_2A40_0000L;
        }
        return 0x8C00_0000L;
    }

    /** MmPfnDatabase's value (the PFN database itself is not written). */
    long pfnDatabase() {
        if (is64) {
            return win7 ? 0xFFFF_FA80_0000_0000L : 0xFFFF_E580_0000_0000L;
        }
        return 0x83C0_0000L;
    }

    long kuserKernel() {
        return is64 ? KUSER_X64 : KUSER_X86;
    }

    long highestUserAddress() {
        return is64 ? 0x0000_7FFF_FFFE_FFFFL : 0x7FFE_FFFFL;
    }

    long systemRangeStart() {
        if (is64) {
            return win7 ? 0xFFFF_0800_0000_0000L : 0xFFFF_8000_0000_0000L;
        }
        return 0x8000_0000L;
    }

    /** The base of the {@code index}-th distinct executable of native bitness. */
    long exeBase(int index) {
        if (is64) {
            return win7 ? 0xF800_0000L + index * 0x40_0000L : 0x0000_7FF6_1000_0000L + index * 0x100_0000L;
        }
        return 0x0100_0000L + index * 0x40_0000L;
    }

    /** The base of a WoW64 program's 32-bit executable. */
    long wow64ExeBase() {
        return WOW64_EXE_BASE;
    }

    /** Where native system DLLs are placed, one after another in load-catalog order. */
    long nativeDllArea() {
        if (is64) {
            return win7 ? 0x0000_07FE_F800_0000L : 0x0000_7FFB_B000_0000L;
        }
        return X86_DLL_AREA;
    }

    /** Where 32-bit DLLs are placed in a WoW64 process (the same place as on 32-bit Windows). */
    long dll32Area() {
        return X86_DLL_AREA;
    }

    /** The start of process {@code index}'s heaps, stacks and other private allocations. */
    long privateArea(int index, boolean wow64) {
        if (wow64) {
            return WOW64_PRIVATE_AREA;
        }
        if (is64 && !win7) {
            return 0x0000_0010_0000_0000L + index * 0x0000_0008_1000_0000L;
        }
        return (is64 ? 0x0010_0000L : 0x1000_0000L) + index * 0x1_0000L;
    }

    /** The end (exclusive) of the private area. */
    long privateAreaEnd(int index, boolean wow64) {
        if (wow64) {
            return 0x6F00_0000L;
        }
        if (is64 && !win7) {
            return privateArea(index, false) + 0x0000_0008_0000_0000L;
        }
        return 0x6F00_0000L;
    }

    /** Whether the PEB and TEBs sit at fixed places at the top of user space (Windows 7). */
    boolean pebAtTop() {
        return win7;
    }

    /** Windows 7's PEB (the native one for WoW64), at the top of user space. */
    long topPeb(int index, boolean wow64) {
        if (wow64) {
            return 0x7EFD_F000L;
        }
        return (is64 ? 0x0000_07FF_FFFD_3000L : 0x7FFD_3000L) + (index % 4) * 0x1000L;
    }

    /** Windows 7's TEB of thread {@code k}: the highest first, downwards. */
    long topTeb(int k, boolean wow64, int tebPages) {
        if (wow64) {
            return 0x7EFD_B000L - k * 0x3000L;
        }
        return (is64 ? 0x0000_07FF_FFFD_E000L : 0x7FFD_F000L) - (long) k * tebPages * PhysicalPages.PAGE;
    }
}
