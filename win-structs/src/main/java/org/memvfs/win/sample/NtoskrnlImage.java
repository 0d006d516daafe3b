package org.memvfs.win.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.memvfs.win.profile.WindowsProfile;

/**
 * The kernel image, ntoskrnl.exe, mapped where {@link AddressLayout} puts it with 2 MiB pages over
 * physically contiguous memory: PE headers with the sections {@link KernelImagePlan} cut, an export
 * directory named {@code ntoskrnl.exe}, a CodeView record naming {@code ntkrnlmp.pdb} (x86 PAE:
 * {@code ntkrpamp.pdb}) with the profile's GUID and age (or a made-up one derived from the profile
 * id when the profile has none), a few bytes of code at the entry point and at the code symbols,
 * and the kernel variables the sample fills in later through {@link #put}.
 */
final class NtoskrnlImage {
    static final String FILE_NAME = "ntoskrnl.exe";
    /** The exported functions, each given a few bytes of code in .text (real exports of ntoskrnl). */
    private static final List<String> EXPORTED_FUNCTIONS = List.of("ExAllocatePoolWithTag", "ExFreePoolWithTag",
            "IoCreateDevice", "KeBugCheckEx", "KeStackAttachProcess", "MmGetSystemRoutineAddress",
            "ObReferenceObjectByHandle", "PsGetProcessId", "PsLookupProcessByProcessId", "RtlInitUnicodeString", "ZwClose");
    /** The exported variables, when the plan has them. PsActiveProcessHead is exported for the sample's parser tests. */
    private static final List<String> EXPORTED_VARIABLES = List.of("IoFileObjectType", "KeNumberProcessors",
            "MmHighestUserAddress", "MmSystemRangeStart", "NtBuildNumber", "PsActiveProcessHead", "PsInitialSystemProcess",
            "PsLoadedModuleList", "PsProcessType", "PsThreadType", "SeTokenObjectType");
    private static final int FUNCTION_STUBS_OFFSET = 0x400;
    private static final int FUNCTION_STUB_SPACING = 0x20;
    /** x64: swapgs; mov gs:[10h], rsp — how KiSystemCall64 begins. */
    private static final byte[] SYSCALL_ENTRY_64 = {0x0F, 0x01, (byte) 0xF8, 0x65, 0x48, (byte) 0x89, 0x24, 0x25, 0x10, 0, 0, 0};
    private static final byte[] FUNCTION_64 = {0x48, (byte) 0x89, 0x5C, 0x24, 0x08, 0x57, 0x48, (byte) 0x83, (byte) 0xEC, 0x20};
    private static final byte[] FUNCTION_32 = {(byte) 0x8B, (byte) 0xFF, 0x55, (byte) 0x8B, (byte) 0xEC, 0x51, 0x51};
    private static final Map<Integer, String> BUILD_LABS = Map.of(
            7601, "7601.24540.%sfre.win7sp1_ldr_escrow.191127-1706",
            17763, "17763.1.%sfre.rs5_release.180914-1434",
            18362, "18362.1.%sfre.19h1_release.190318-1202",
            19041, "19041.1.%sfre.vb_release.191206-1406",
            22000, "22000.1.%sfre.co_release.210604-1628",
            22621, "22621.1.%sfre.ni_release.220506-1250",
            26100, "26100.1.%sfre.ge_release.240331-1435");

    private final WindowsProfile profile;
    private final KernelImagePlan plan;
    private final VirtualMemory kernel;
    private final long base;
    private final long region;
    private final long physicalBase;
    private final String guidAge;
    private final Map<String, Integer> variableSizes;

    private NtoskrnlImage(WindowsProfile profile, KernelImagePlan plan, VirtualMemory kernel, long region, long base,
            long physicalBase, String guidAge, Map<String, Integer> variableSizes) {
        this.profile = profile;
        this.plan = plan;
        this.kernel = kernel;
        this.region = region;
        this.base = base;
        this.physicalBase = physicalBase;
        this.guidAge = guidAge;
        this.variableSizes = variableSizes;
    }

    /**
     * Plans, maps and writes the image; {@code variables} are the variables the sample will fill
     * in, with their sizes.
     */
    static NtoskrnlImage create(WindowsProfile profile, AddressLayout layout, PageTableWriter tables, FrameAllocator frames,
            VirtualMemory kernel, Map<String, Integer> variables) {
        KernelImagePlan plan = KernelImagePlan.plan(profile, variables);
        checkVariablesApart(plan, variables);
        long region = layout.kernelRegion();
        long offset = layout.kernelBaseOffset();
        long span = offset + plan.sizeOfImage();
        long physical = frames.contiguous(span);
        for (long at = 0; at < span; at += FrameAllocator.LARGE_PAGE) {
            tables.mapLarge(tables.systemRoot(), region + at, physical + at, PageAccess.KERNEL_IMAGE);
        }
        String guidAge = profile.guidAge().orElseGet(() -> inventedGuidAge(profile));
        NtoskrnlImage image = new NtoskrnlImage(profile, plan, kernel, region, region + offset, physical + offset, guidAge,
                new LinkedHashMap<>(variables));
        image.writeHeaders();
        image.writeCode();
        return image;
    }

    /** A GUID and age for profiles that have none: stable, derived from the profile id, age 1. */
    static String inventedGuidAge(WindowsProfile profile) {
        java.util.UUID uuid = java.util.UUID.nameUUIDFromBytes(("memvfs-sample-kernel:" + profile.id())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%016X%016X1", uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    private static void checkVariablesApart(KernelImagePlan plan, Map<String, Integer> variables) {
        List<long[]> ranges = new ArrayList<>();
        variables.forEach((name, size) -> ranges.add(new long[] {plan.rva(name), plan.rva(name) + size}));
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i)[0] < ranges.get(i - 1)[1]) {
                throw new IllegalStateException("two kernel variables overlap at RVA 0x" + Long.toHexString(ranges.get(i)[0]));
            }
        }
    }

    private void writeHeaders() {
        SortedMap<String, Integer> exports = new TreeMap<>();
        PeImage.Section text = plan.section(".text");
        for (int i = 0; i < EXPORTED_FUNCTIONS.size(); i++) {
            exports.put(EXPORTED_FUNCTIONS.get(i), text.rva() + FUNCTION_STUBS_OFFSET + i * FUNCTION_STUB_SPACING);
        }
        for (String variable : EXPORTED_VARIABLES) {
            if (plan.has(variable)) {
                exports.put(variable, plan.rva(variable));
            }
        }
        String guid = guidAge.substring(0, 32);
        long age = Long.parseLong(guidAge.substring(32), 16);
        String pdb = profile.is64Bit() ? "ntkrnlmp.pdb" : "ntkrpamp.pdb";
        int machine = profile.is64Bit() ? PeImage.MACHINE_AMD64 : PeImage.MACHINE_I386;
        int characteristics = profile.is64Bit() ? PeImage.EXECUTABLE_64 : PeImage.EXECUTABLE_32;
        int osVersion = profile.buildNumber() < 9200 ? 0x0601 : 0x0A00;
        PeImage pe = new PeImage(machine, base, plan.sizeOfImage(), plan.entryRva(), ImageFactory.TIME_DATE_STAMP,
                characteristics, PeImage.SUBSYSTEM_NATIVE, osVersion, plan.sections(), FILE_NAME, plan.exportRva(), exports,
                new PeImage.CodeView(guid, age, pdb), plan.debugRva());
        for (PeImageWriter.Chunk chunk : PeImageWriter.write(pe)) {
            kernel.write(base + chunk.rva(), chunk.bytes());
        }
    }

    private void writeCode() {
        byte[] function = profile.is64Bit() ? FUNCTION_64 : FUNCTION_32;
        PeImage.Section text = plan.section(".text");
        for (int i = 0; i < EXPORTED_FUNCTIONS.size(); i++) {
            kernel.write(base + text.rva() + FUNCTION_STUBS_OFFSET + i * FUNCTION_STUB_SPACING, function);
        }
        for (String symbol : KernelImagePlan.CODE_SYMBOLS) {
            if (plan.has(symbol)) {
                boolean syscall = symbol.equals("KiSystemCall64") && profile.is64Bit();
                kernel.write(base + plan.rva(symbol), syscall ? SYSCALL_ENTRY_64 : function);
            }
        }
        kernel.write(entryPoint(), function);
        kernel.write(base + plan.poolCodeRva(), function);
        if (plan.kvasCodeRva() >= 0) {
            kernel.write(base + plan.kvasCodeRva(), SYSCALL_ENTRY_64);
        }
    }

    /** NtBuildLab as the kernel holds it, e.g. {@code 19041.1.amd64fre.vb_release.191206-1406}. */
    String buildLab() {
        String pattern = BUILD_LABS.getOrDefault(profile.buildNumber(), profile.buildNumber() + ".1.%sfre.sample.000000-0000");
        return String.format(Locale.ROOT, pattern, profile.is64Bit() ? "amd64" : "x86");
    }

    long base() {
        return base;
    }

    /** The first 2 MiB page of the image's mapping. */
    long region() {
        return region;
    }

    long physicalBase() {
        return physicalBase;
    }

    int sizeOfImage() {
        return plan.sizeOfImage();
    }

    long entryPoint() {
        return base + plan.entryRva();
    }

    String guidAge() {
        return guidAge;
    }

    KernelImagePlan plan() {
        return plan;
    }

    /** The virtual address of {@code symbol}. */
    long va(String symbol) {
        return base + plan.rva(symbol);
    }

    boolean has(String symbol) {
        return plan.has(symbol);
    }

    /** The kernel's own code address for a routine that is not exported (a thread start, say): within .text. */
    long codeAddress(int offset) {
        PeImage.Section text = plan.section(".text");
        return base + text.rva() + 0x800 + (offset & 0xFFF0);
    }

    /** Whether the image has a KVASCODE page (x64 only). */
    boolean hasKvasCode() {
        return plan.kvasCodeRva() >= 0;
    }

    /** The KVASCODE page, mapped into user-mode shadow tables. */
    long kvasCodePage() {
        if (!hasKvasCode()) {
            throw new IllegalStateException("32-bit kernels have no KVASCODE section");
        }
        return base + plan.kvasCodeRva();
    }

    /** Writes {@code bytes} into the variable {@code symbol}, which must have room for them. */
    void put(String symbol, byte[] bytes) {
        Integer size = variableSizes.get(symbol);
        if (size == null || bytes.length > size) {
            throw new IllegalArgumentException("kernel variable " + symbol + " is not planned for " + bytes.length + " bytes");
        }
        kernel.write(va(symbol), bytes);
    }

    void putValue(String symbol, long value, int size) {
        byte[] b = new byte[size];
        LittleEndian.put(b, 0, value, size);
        put(symbol, b);
    }

    void putPointer(String symbol, long value) {
        putValue(symbol, value, profile.pointerSize());
    }
}
