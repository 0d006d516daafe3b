package org.memvfs.win.sample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds small but real PE modules for user DLLs, executables and drivers: sections in the usual
 * order ({@code .text}, {@code .rdata}, {@code .data}, {@code .pdata} on x64, {@code .rsrc},
 * {@code .reloc}) sized in proportion to SizeOfImage, an export directory with a few of the
 * module's well-known exports (each pointing at a few bytes of code in {@code .text}), and a
 * CodeView record naming the module's PDB with a GUID derived from its name.
 */
final class ImageFactory {
    private static final int PAGE = PhysicalPages.PAGE;
    /** The link time every sample module shares: 2023-11-09. */
    static final int TIME_DATE_STAMP = 0x654C_2F80;
    private static final int DEBUG_OFFSET_IN_RDATA = 0x800;
    private static final int ENTRY_OFFSET_IN_TEXT = 0x400;
    private static final int STUB_SPACING = 0x20;
    /** sub rsp, 28h; … ; ret — the first bytes of a typical x64 function. */
    private static final byte[] STUB_64 = {0x48, (byte) 0x83, (byte) 0xEC, 0x28, (byte) 0x90, (byte) 0xC3};
    /** mov edi, edi; push ebp; mov ebp, esp; … ; ret — the hot-patchable prologue of x86 Windows code. */
    private static final byte[] STUB_32 = {(byte) 0x8B, (byte) 0xFF, 0x55, (byte) 0x8B, (byte) 0xEC, (byte) 0xC3};

    private static final Map<String, List<String>> EXPORTS = Map.ofEntries(
            Map.entry("ntdll.dll", List.of("LdrLoadDll", "NtClose", "NtCreateFile", "NtQueryInformationProcess",
                    "RtlAllocateHeap", "RtlUserThreadStart", "TpAllocWork")),
            Map.entry("kernel32.dll", List.of("BaseThreadInitThunk", "CreateFileW", "GetProcAddress", "LoadLibraryW",
                    "VirtualAlloc")),
            Map.entry("kernelbase.dll", List.of("CreateFileW", "GetLastError", "VirtualAlloc")),
            Map.entry("user32.dll", List.of("CreateWindowExW", "GetMessageW", "MessageBoxW")),
            Map.entry("gdi32.dll", List.of("BitBlt", "CreateFontW")),
            Map.entry("advapi32.dll", List.of("OpenProcessToken", "RegOpenKeyExW")),
            Map.entry("ws2_32.dll", List.of("WSAStartup", "connect", "recv", "send")),
            Map.entry("hal.dll", List.of("HalQueryRealTimeClock", "KeQueryPerformanceCounter")));

    private ImageFactory() {
    }

    /**
     * A module named {@code fileName} at {@code base}, {@code sizeOfImage} bytes, 64-bit or not;
     * a DLL or driver has exports, an executable has none.
     */
    static ModuleImage build(String fileName, boolean is64, long base, int sizeOfImage, boolean dll, int subsystem,
            int osVersion) {
        if (sizeOfImage < 6 * PAGE || sizeOfImage % PAGE != 0) {
            throw new IllegalArgumentException(fileName + ": SizeOfImage must be at least 6 pages, whole pages");
        }
        List<PeImage.Section> sections = sections(sizeOfImage / PAGE, is64);
        PeImage.Section text = sections.get(0);
        PeImage.Section rdata = sections.get(1);
        List<String> names = dll ? EXPORTS.getOrDefault(fileName.toLowerCase(Locale.ROOT),
                List.of("DllCanUnloadNow", "DllGetClassObject")) : List.of();
        SortedMap<String, Integer> exports = new TreeMap<>();
        byte[] code = new byte[PAGE];
        byte[] stub = is64 ? STUB_64 : STUB_32;
        for (int i = 0; i < names.size(); i++) {
            int offset = STUB_SPACING * (i + 1);
            exports.put(names.get(i), text.rva() + offset);
            System.arraycopy(stub, 0, code, offset, stub.length);
        }
        System.arraycopy(stub, 0, code, ENTRY_OFFSET_IN_TEXT, stub.length);
        int characteristics = (is64 ? PeImage.EXECUTABLE_64 : PeImage.EXECUTABLE_32) | (dll ? PeImage.DLL : 0);
        PeImage pe = new PeImage(is64 ? PeImage.MACHINE_AMD64 : PeImage.MACHINE_I386, base, sizeOfImage,
                text.rva() + ENTRY_OFFSET_IN_TEXT, TIME_DATE_STAMP, characteristics, subsystem, osVersion, sections,
                exports.isEmpty() ? null : fileName, rdata.rva(), exports, codeView(fileName),
                rdata.rva() + DEBUG_OFFSET_IN_RDATA);
        Map<Integer, byte[]> pages = new TreeMap<>();
        pages.put(text.rva() / PAGE, code);
        byte[] rdataPage = new byte[PAGE];
        for (PeImageWriter.Chunk chunk : PeImageWriter.write(pe)) {
            if (chunk.rva() == 0) {
                byte[] header = new byte[PAGE];
                System.arraycopy(chunk.bytes(), 0, header, 0, chunk.bytes().length);
                pages.put(0, header);
            } else {
                System.arraycopy(chunk.bytes(), 0, rdataPage, chunk.rva() - rdata.rva(), chunk.bytes().length);
            }
        }
        pages.put(rdata.rva() / PAGE, rdataPage);
        return new ModuleImage(fileName, pe, pages, exports);
    }

    /** The CodeView identity of a sample module: its PDB name and a GUID derived from the file name. */
    static PeImage.CodeView codeView(String fileName) {
        String stem = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
        UUID uuid = UUID.nameUUIDFromBytes(("memvfs-sample-module:" + fileName.toLowerCase(Locale.ROOT))
                .getBytes(StandardCharsets.UTF_8));
        String guid = String.format(Locale.ROOT, "%016X%016X", uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
        return new PeImage.CodeView(guid, 1, stem.toLowerCase(Locale.ROOT) + ".pdb");
    }

    private static List<PeImage.Section> sections(int pages, boolean is64) {
        int body = pages - 1;
        int text = Math.max(1, body * 55 / 100);
        int rdata = Math.max(1, body * 20 / 100);
        int data = Math.max(1, body * 8 / 100);
        int pdata = is64 ? Math.max(1, body * 5 / 100) : 0;
        int reloc = 1;
        int rsrc = body - text - rdata - data - pdata - reloc;
        if (rsrc < 1) {
            text -= 1 - rsrc;
            rsrc = 1;
        }
        List<PeImage.Section> out = new ArrayList<>();
        int at = PAGE;
        at = add(out, ".text", at, text, PeImage.Section.CODE);
        at = add(out, ".rdata", at, rdata, PeImage.Section.READ_ONLY_DATA);
        at = add(out, ".data", at, data, PeImage.Section.DATA);
        if (is64) {
            at = add(out, ".pdata", at, pdata, PeImage.Section.READ_ONLY_DATA);
        }
        at = add(out, ".rsrc", at, rsrc, PeImage.Section.READ_ONLY_DATA);
        add(out, ".reloc", at, reloc, 0x4200_0040);
        return out;
    }

    private static int add(List<PeImage.Section> out, String name, int at, int pages, int characteristics) {
        out.add(new PeImage.Section(name, at, pages * PAGE, characteristics));
        return at + pages * PAGE;
    }
}
