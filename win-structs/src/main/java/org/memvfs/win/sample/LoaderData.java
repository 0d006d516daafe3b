package org.memvfs.win.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.WindowsProfile;

/**
 * The loader's module lists of one process ({@code _PEB_LDR_DATA} and one
 * {@code _LDR_DATA_TABLE_ENTRY} per module, with their name buffers, all in the process heap):
 * InLoadOrder and InMemoryOrder hold the executable then the DLLs in load order;
 * InInitializationOrder holds the DLLs only, ntdll first, then KernelBase before kernel32, as
 * the loader initialises them. Written with the native profile, or with the 32-bit profile for a
 * WoW64 process's 32-bit list.
 */
final class LoaderData {
    /** LDRP_IMAGE_DLL | LDRP_ENTRY_PROCESSED | LDRP_PROCESS_ATTACH_CALLED and the static-import flags of a loaded DLL. */
    private static final int DLL_FLAGS = 0x000C_A2CC;
    private static final int EXE_FLAGS = 0x0000_4000;
    /** A DLL loaded as a static dependency is never unloaded: the load count is pinned at 0xFFFF. */
    private static final int PINNED = 0xFFFF;

    /** A module to list: where it is, and its DOS path. */
    record Module(ModuleImage image, String dosPath) {
        String baseName() {
            return dosPath.substring(dosPath.lastIndexOf('\\') + 1);
        }
    }

    private LoaderData() {
    }

    /**
     * Writes the lists for {@code modules} (the executable first) into {@code heap}; returns the
     * address of the {@code _PEB_LDR_DATA} and, through {@code listed}, the modules in load order.
     */
    static long write(WindowsProfile profile, VirtualMemory memory, HeapArea heap, List<Module> modules, long loadTime,
            List<SampleModule> listed) {
        String ldrStruct = "_PEB_LDR_DATA";
        String entryStruct = "_LDR_DATA_TABLE_ENTRY";
        long ldr = heap.allocate(profile.structSize(ldrStruct));
        StructWriter data = new StructWriter(profile, memory, ldrStruct, ldr);
        data.u32("Length", profile.structSize(ldrStruct)).u8("Initialized", 1);
        List<Long> entries = new ArrayList<>();
        for (int i = 0; i < modules.size(); i++) {
            Module m = modules.get(i);
            long entry = heap.allocate(profile.structSize(entryStruct));
            byte[] full = LittleEndian.utf16z(m.dosPath());
            byte[] base = LittleEndian.utf16z(m.baseName());
            long fullBuffer = heap.store(full);
            long baseBuffer = heap.store(base);
            StructWriter w = new StructWriter(profile, memory, entryStruct, entry);
            ModuleImage image = m.image();
            w.ptr("DllBase", image.base()).ptr("EntryPoint", image.entryPoint()).u32("SizeOfImage", image.sizeOfImage())
                    .unicodeString("FullDllName", m.dosPath(), fullBuffer, full.length)
                    .unicodeString("BaseDllName", m.baseName(), baseBuffer, base.length)
                    .u32("Flags", i == 0 ? EXE_FLAGS : DLL_FLAGS)
                    .emptyList("HashLinks")
                    .u32("TimeDateStamp", image.pe().timeDateStamp());
            w.u16(w.has("ObsoleteLoadCount") ? "ObsoleteLoadCount" : "LoadCount", PINNED);
            if (w.has("OriginalBase")) {
                w.ptr("OriginalBase", image.base());
            }
            if (w.has("LoadTime")) {
                w.u64("LoadTime", loadTime);
            }
            if (w.has("BaseNameHashValue")) {
                w.u32("BaseNameHashValue", x65599(m.baseName()));
            }
            entries.add(entry);
            listed.add(new SampleModule(Va.of(entry), Va.of(image.base()), image.sizeOfImage(), Va.of(image.entryPoint()),
                    m.dosPath(), m.baseName()));
        }
        link(profile, memory, data, "InLoadOrderModuleList", entryStruct, "InLoadOrderLinks", entries);
        link(profile, memory, data, "InMemoryOrderModuleList", entryStruct, "InMemoryOrderLinks", entries);
        link(profile, memory, data, "InInitializationOrderModuleList", entryStruct, "InInitializationOrderLinks",
                initializationOrder(modules, entries));
        return ldr;
    }

    /** The DLLs in the order the loader runs their initialisers: ntdll, KernelBase, kernel32, then the rest. */
    private static List<Long> initializationOrder(List<Module> modules, List<Long> entries) {
        List<Long> order = new ArrayList<>();
        for (String first : List.of("ntdll.dll", "kernelbase.dll", "kernel32.dll")) {
            for (int i = 1; i < modules.size(); i++) {
                if (modules.get(i).baseName().toLowerCase(Locale.ROOT).equals(first)) {
                    order.add(entries.get(i));
                }
            }
        }
        for (int i = 1; i < modules.size(); i++) {
            if (!order.contains(entries.get(i))) {
                order.add(entries.get(i));
            }
        }
        return order;
    }

    private static void link(WindowsProfile profile, VirtualMemory memory, StructWriter data, String headField,
            String entryStruct, String linkField, List<Long> entries) {
        long head = data.addressOf(headField);
        int links = profile.offset(entryStruct, linkField);
        int flink = profile.offset("_LIST_ENTRY", "Flink");
        int blink = profile.offset("_LIST_ENTRY", "Blink");
        for (int i = 0; i < entries.size(); i++) {
            long self = entries.get(i) + links;
            memory.putPointer(self + flink, i + 1 < entries.size() ? entries.get(i + 1) + links : head);
            memory.putPointer(self + blink, i > 0 ? entries.get(i - 1) + links : head);
        }
        memory.putPointer(head + flink, entries.isEmpty() ? head : entries.get(0) + links);
        memory.putPointer(head + blink, entries.isEmpty() ? head : entries.get(entries.size() - 1) + links);
    }

    /** RtlHashUnicodeString's x65599 hash of the upper-cased name, as the loader stores BaseNameHashValue. */
    static int x65599(String name) {
        int hash = 0;
        for (char c : name.toUpperCase(Locale.ROOT).toCharArray()) {
            hash = hash * 65599 + c;
        }
        return hash;
    }
}
