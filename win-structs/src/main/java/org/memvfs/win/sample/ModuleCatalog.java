package org.memvfs.win.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The user-mode modules of the sample: system DLLs with their sizes (SizeOfImage, 64-bit and
 * 32-bit builds, in the range real Windows 10 files have) and executables' sizes. Each DLL gets
 * one base per system, the same in every process, as Windows relocates a system DLL once per
 * boot: they are laid out one after another in {@link #DLLS} order, 64 KiB apart.
 */
final class ModuleCatalog {
    /** SizeOfImage of each DLL: {64-bit, 32-bit}. */
    static final Map<String, int[]> DLLS = new LinkedHashMap<>();
    private static final int ALLOCATION_GRANULARITY = 0x1_0000;
    private static final int DEFAULT_EXE_SIZE = 0x2_0000;
    private static final Map<String, Integer> EXE_SIZES = Map.ofEntries(
            Map.entry("explorer.exe", 0x4E_6000), Map.entry("msedge.exe", 0x2D_0000), Map.entry("iexplore.exe", 0xC_6000),
            Map.entry("msmpeng.exe", 0x2_1000), Map.entry("searchindexer.exe", 0xE_8000), Map.entry("svchost.exe", 0x1_4000),
            Map.entry("lsass.exe", 0x1_A000), Map.entry("services.exe", 0xB_2000), Map.entry("winlogon.exe", 0xC_C000),
            Map.entry("notepad.exe", 0x3_8000), Map.entry("cmd.exe", 0x5_C000), Map.entry("onedrive.exe", 0x1B_9000),
            Map.entry("dwm.exe", 0x1_8000), Map.entry("spoolsv.exe", 0xA_2000));

    static {
        DLLS.put("ntdll.dll", new int[] {0x1A_9000, 0x19_F000});
        DLLS.put("kernel32.dll", new int[] {0xBE_000, 0xF0_000});
        DLLS.put("KernelBase.dll", new int[] {0x2D_2000, 0x21_4000});
        DLLS.put("msvcrt.dll", new int[] {0x9E_000, 0xBF_000});
        DLLS.put("advapi32.dll", new int[] {0xA3_000, 0x79_000});
        DLLS.put("sechost.dll", new int[] {0x9C_000, 0x79_000});
        DLLS.put("rpcrt4.dll", new int[] {0x12_5000, 0xBD_000});
        DLLS.put("user32.dll", new int[] {0x1A_0000, 0x19_9000});
        DLLS.put("gdi32.dll", new int[] {0x29_000, 0x22_000});
        DLLS.put("combase.dll", new int[] {0x35_4000, 0x27_D000});
        DLLS.put("ole32.dll", new int[] {0x12_A000, 0xF6_000});
        DLLS.put("shell32.dll", new int[] {0x74_4000, 0x57_A000});
        DLLS.put("ws2_32.dll", new int[] {0x6B_000, 0x63_000});
        DLLS.put("crypt32.dll", new int[] {0x15_D000, 0xFC_000});
        DLLS.put("uxtheme.dll", new int[] {0x9E_000, 0x75_000});
        DLLS.put("csrsrv.dll", new int[] {0x16_000, 0x12_000});
        DLLS.put("basesrv.dll", new int[] {0x14_000, 0x10_000});
        DLLS.put("winsrv.dll", new int[] {0x12_000, 0xE_000});
        DLLS.put("wow64.dll", new int[] {0x59_000, 0});
        DLLS.put("wow64win.dll", new int[] {0x86_000, 0});
        DLLS.put("wow64cpu.dll", new int[] {0xA_000, 0});
    }

    private final Map<String, Long> nativeBases = new LinkedHashMap<>();
    private final Map<String, Long> bases32 = new LinkedHashMap<>();
    private final boolean is64;

    ModuleCatalog(AddressLayout layout) {
        this.is64 = layout.is64Bit();
        long at = layout.nativeDllArea();
        for (Map.Entry<String, int[]> dll : DLLS.entrySet()) {
            int size = is64 ? dll.getValue()[0] : dll.getValue()[1];
            if (size > 0) {
                nativeBases.put(key(dll.getKey()), at);
                at += roundUp(size) + ALLOCATION_GRANULARITY;
            }
        }
        if (is64) {
            long at32 = layout.dll32Area();
            for (Map.Entry<String, int[]> dll : DLLS.entrySet()) {
                if (dll.getValue()[1] > 0) {
                    bases32.put(key(dll.getKey()), at32);
                    at32 += roundUp(dll.getValue()[1]) + ALLOCATION_GRANULARITY;
                }
            }
        }
    }

    /** The DLL's file name as the catalog spells it (KernelBase.dll, not kernelbase.dll). */
    static String canonicalName(String dll) {
        for (String name : DLLS.keySet()) {
            if (name.equalsIgnoreCase(dll)) {
                return name;
            }
        }
        throw new IllegalArgumentException("the sample has no DLL " + dll);
    }

    long nativeBase(String dll) {
        return lookup(nativeBases, dll, "native");
    }

    long base32(String dll) {
        return lookup(bases32, dll, "32-bit");
    }

    int nativeSize(String dll) {
        return DLLS.get(canonicalName(dll))[is64 ? 0 : 1];
    }

    static int size32(String dll) {
        return DLLS.get(canonicalName(dll))[1];
    }

    static int exeSize(String exe) {
        return EXE_SIZES.getOrDefault(exe.toLowerCase(Locale.ROOT), DEFAULT_EXE_SIZE);
    }

    /** The DLL's directory: System32 for native DLLs, SysWOW64 for the 32-bit ones of a WoW64 process. */
    static String dllDosPath(String dll, boolean wow64Dll) {
        return "C:\\Windows\\" + (wow64Dll ? "SysWOW64" : "System32") + "\\" + canonicalName(dll);
    }

    /** A DOS path ({@code C:\Windows\…}) as the volume-relative path a FILE_OBJECT holds ({@code \Windows\…}). */
    static String volumePath(String dosPath) {
        if (dosPath.length() < 3 || dosPath.charAt(1) != ':') {
            throw new IllegalArgumentException("not a DOS path: " + dosPath);
        }
        return dosPath.substring(2);
    }

    /** The native DLLs in catalog order. */
    List<String> nativeDlls() {
        return nativeBases.keySet().stream().map(ModuleCatalog::canonicalName).toList();
    }

    private static long lookup(Map<String, Long> bases, String dll, String what) {
        Long base = bases.get(key(dll));
        if (base == null) {
            throw new IllegalArgumentException("the sample has no " + what + " " + dll);
        }
        return base;
    }

    private static String key(String dll) {
        return dll.toLowerCase(Locale.ROOT);
    }

    private static long roundUp(long size) {
        return (size + ALLOCATION_GRANULARITY - 1) & -ALLOCATION_GRANULARITY;
    }
}
