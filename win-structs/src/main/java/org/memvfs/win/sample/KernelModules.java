package org.memvfs.win.sample;

import java.util.ArrayList;
import java.util.List;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.WindowsProfile;

/**
 * The loaded-module list the kernel keeps at {@code PsLoadedModuleList}: one
 * {@code _KLDR_DATA_TABLE_ENTRY} (Windows 7: {@code _LDR_DATA_TABLE_ENTRY}, the type its PDB uses
 * for the list) per module in a pool block tagged "MmLd", with the name buffers after it, in boot
 * load order: ntoskrnl.exe first, then hal.dll, the boot drivers and a few system drivers. Each
 * module other than ntoskrnl is mapped with 4 KiB pages in the driver area, with a real header
 * page, a code page and the page with its export and debug directories.
 */
final class KernelModules {
    /** {file name, SizeOfImage, directory under \SystemRoot}. */
    private static final String[][] MODULES = {
        {"hal.dll", "0x6A000", "system32"},
        {"kd.dll", "0xB000", "system32"},
        {"mcupdate_GenuineIntel.dll", "0x2A000", "system32"},
        {"CLFS.SYS", "0x6B000", "System32\\drivers"},
        {"tm.sys", "0x27000", "System32\\drivers"},
        {"PSHED.dll", "0x19000", "system32"},
        {"BOOTVID.dll", "0xA000", "system32"},
        {"CI.dll", "0xDD000", "system32"},
        {"Wdf01000.sys", "0xE3000", "system32\\drivers"},
        {"ACPI.sys", "0xD3000", "System32\\drivers"},
        {"disk.sys", "0x1E000", "System32\\drivers"},
        {"Ntfs.sys", "0x2FC000", "System32\\Drivers"},
        {"tcpip.sys", "0x2EC000", "System32\\drivers"},
    };
    /** LDRP_IMAGE_DLL | LDRP_ENTRY_PROCESSED | LDRP_LOAD_IN_PROGRESS-free flags seen on boot modules. */
    private static final int KERNEL_MODULE_FLAGS = 0x0910_4000;
    private static final int DRIVER_GAP = 0x1_0000;

    private KernelModules() {
    }

    /** Writes the list; returns the modules in list order. */
    static List<SampleModule> write(WindowsProfile profile, AddressLayout layout, PageTableWriter tables,
            FrameAllocator frames, VirtualMemory kernel, KernelPool pool, NtoskrnlImage ntos) {
        String entryStruct = profile.hasStruct("_KLDR_DATA_TABLE_ENTRY") ? "_KLDR_DATA_TABLE_ENTRY" : "_LDR_DATA_TABLE_ENTRY";
        List<SampleModule> modules = new ArrayList<>();
        List<Long> entries = new ArrayList<>();
        int osVersion = layout.win7() ? 0x0601 : 0x0A00;
        modules.add(entry(profile, kernel, pool, entryStruct, ntos.base(), ntos.sizeOfImage(), ntos.entryPoint(),
                "\\SystemRoot\\system32\\ntoskrnl.exe", NtoskrnlImage.FILE_NAME));
        long at = layout.driverArea();
        for (String[] m : MODULES) {
            int size = Integer.decode(m[1]);
            boolean dll = m[0].toLowerCase(java.util.Locale.ROOT).endsWith(".dll");
            ModuleImage image = ImageFactory.build(m[0], profile.is64Bit(), at, size, dll, PeImage.SUBSYSTEM_NATIVE, osVersion);
            for (var page : image.pages().entrySet()) {
                long frame = frames.allocate();
                long va = at + (long) page.getKey() * PhysicalPages.PAGE;
                boolean code = page.getKey() == image.pe().sections().get(0).rva() / PhysicalPages.PAGE;
                tables.map(tables.systemRoot(), va, frame, code ? PageAccess.KERNEL_CODE : PageAccess.KERNEL_READONLY);
                kernel.write(va, page.getValue());
            }
            modules.add(entry(profile, kernel, pool, entryStruct, at, size, image.entryPoint(),
                    "\\SystemRoot\\" + m[2] + "\\" + m[0], m[0]));
            at += size + DRIVER_GAP;
        }
        modules.forEach(m -> entries.add(m.entry().value()));
        long head = ntos.va("PsLoadedModuleList");
        int flink = profile.offset("_LIST_ENTRY", "Flink");
        int blink = profile.offset("_LIST_ENTRY", "Blink");
        int links = profile.offset(entryStruct, "InLoadOrderLinks");
        for (int i = 0; i < entries.size(); i++) {
            long self = entries.get(i) + links;
            long next = i + 1 < entries.size() ? entries.get(i + 1) + links : head;
            long previous = i > 0 ? entries.get(i - 1) + links : head;
            kernel.putPointer(self + flink, next);
            kernel.putPointer(self + blink, previous);
        }
        kernel.putPointer(head + flink, entries.get(0) + links);
        kernel.putPointer(head + blink, entries.get(entries.size() - 1) + links);
        return List.copyOf(modules);
    }

    private static SampleModule entry(WindowsProfile profile, VirtualMemory kernel, KernelPool pool, String struct,
            long base, int size, long entryPoint, String fullName, String baseName) {
        int entrySize = profile.structSize(struct);
        byte[] full = LittleEndian.utf16z(fullName);
        byte[] name = LittleEndian.utf16z(baseName);
        long entry = pool.allocate("MmLd", entrySize + full.length + name.length, KernelPool.Kind.NON_PAGED);
        long fullBuffer = entry + entrySize;
        long nameBuffer = fullBuffer + full.length;
        kernel.write(fullBuffer, full);
        kernel.write(nameBuffer, name);
        StructWriter w = new StructWriter(profile, kernel, struct, entry);
        w.ptr("DllBase", base).ptr("EntryPoint", entryPoint).u32("SizeOfImage", size)
                .unicodeString("FullDllName", fullName, fullBuffer, full.length)
                .unicodeString("BaseDllName", baseName, nameBuffer, name.length)
                .u32("Flags", KERNEL_MODULE_FLAGS).u32("TimeDateStamp", ImageFactory.TIME_DATE_STAMP);
        for (String count : new String[] {"LoadCount", "ObsoleteLoadCount"}) {
            if (w.has(count)) {
                w.u16(count, 1);
                break;
            }
        }
        return new SampleModule(Va.of(entry), Va.of(base), size, Va.of(entryPoint), fullName, baseName);
    }
}
