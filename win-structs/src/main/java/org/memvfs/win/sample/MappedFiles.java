package org.memvfs.win.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Creates the kernel side of mapped files, once per file however many processes map it, as
 * Windows shares one control area per file: a {@code _FILE_OBJECT} (object type File, pool tag
 * "File") named by its path, its {@code _SECTION_OBJECT_POINTERS}, a control area tagged "MmCi"
 * for images or "MmCa" for data files followed in the same block by its subsection
 * ({@code _SUBSECTION}, or {@code _MSUBSECTION} for data files, whose {@code Core} is the
 * {@code _SUBSECTION}), a {@code _SEGMENT}, and the subsection's prototype-PTE array: a valid
 * entry for each page in memory, a subsection entry for the others.
 */
final class MappedFiles {
    private static final int FILE_OBJECT_TYPE = 5;
    private static final int PTE_SIZE = 8;
    private static final int SECTOR = 512;
    /** References counted in the low bits of an {@code _EX_FAST_REF}: any value below the field's limit. */
    private static final int FAST_REF_COUNT = 5;

    private final WindowsProfile profile;
    private final VirtualMemory kernel;
    private final KernelPool pool;
    private final ObjectManager objects;
    private final PhysicalPages memory;
    private final FrameAllocator frames;
    private final HardwarePte pte;
    private final SoftwarePtes software;
    private final Map<String, MappedFile> files = new LinkedHashMap<>();

    MappedFiles(WindowsProfile profile, VirtualMemory kernel, KernelPool pool, ObjectManager objects, PhysicalPages memory,
            FrameAllocator frames, HardwarePte pte, SoftwarePtes software) {
        this.profile = profile;
        this.kernel = kernel;
        this.pool = pool;
        this.objects = objects;
        this.memory = memory;
        this.frames = frames;
        this.pte = pte;
        this.software = software;
    }

    /** The file at {@code path}, if it was created. */
    MappedFile get(String path) {
        return files.get(path.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The file at {@code path} ({@code \Windows\System32\ntdll.dll}), created on first use with
     * {@code pages} pages of which {@code content} (page index → bytes) are in memory.
     */
    MappedFile file(String path, boolean image, int pages, Map<Integer, byte[]> content, long imageBase) {
        String key = path.toLowerCase(java.util.Locale.ROOT);
        MappedFile existing = files.get(key);
        if (existing != null) {
            return existing;
        }
        Map<Integer, Long> resident = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> page : new TreeMap<>(content).entrySet()) {
            long frame = frames.allocate();
            memory.write(frame, page.getValue());
            resident.put(page.getKey(), frame);
        }
        long fileObject = fileObject(path);
        String subsectionStruct = image ? "_SUBSECTION" : "_MSUBSECTION";
        int controlAreaSize = profile.structSize("_CONTROL_AREA");
        long controlArea = pool.allocate(image ? "MmCi" : "MmCa", controlAreaSize + profile.structSize(subsectionStruct),
                KernelPool.Kind.NON_PAGED);
        long subsection = controlArea + controlAreaSize;
        long protos = pool.allocateBig((long) pages * PTE_SIZE, KernelPool.Kind.PAGED);
        long segment = pool.allocate("MmSt", profile.structSize("_SEGMENT"), KernelPool.Kind.PAGED);
        int protection = image ? SoftwarePtes.MM_EXECUTE_WRITECOPY : 1;
        for (int i = 0; i < pages; i++) {
            Long frame = resident.get(i);
            long entry;
            if (frame != null) {
                entry = pte.page(frame, image && i > 0 ? PageAccess.USER_CODE : PageAccess.USER_READONLY);
            } else {
                entry = software.hasSubsectionFormat() ? software.subsection(subsection, protection) : 0;
            }
            kernel.put(protos + (long) i * PTE_SIZE, entry, PTE_SIZE);
        }
        StructWriter ca = new StructWriter(profile, kernel, "_CONTROL_AREA", controlArea);
        ca.ptr("Segment", segment).ptr("NumberOfSectionReferences", 1).ptr("NumberOfPfnReferences", resident.size())
                .ptr("FilePointer", fileObject | FAST_REF_COUNT);
        if (profile.has("_CONTROL_AREA", "u.Flags.File")) {
            ca.flag("u.Flags.File", true);
            ca.flag("u.Flags.Image", image);
        }
        StructWriter ss = new StructWriter(profile, kernel, "_SUBSECTION", subsection);
        ss.ptr("ControlArea", controlArea).ptr("SubsectionBase", protos).u32("PtesInSubsection", pages)
                .u32("NumberOfFullSectors", (int) ((long) pages * PhysicalPages.PAGE / SECTOR));
        StructWriter sg = new StructWriter(profile, kernel, "_SEGMENT", segment);
        sg.ptr("ControlArea", controlArea).u32("TotalNumberOfPtes", pages).u64("SizeOfSegment", (long) pages * PhysicalPages.PAGE);
        if (image) {
            sg.ptr("BasedAddress", imageBase);
        }
        if (profile.has("_SEGMENT", "PrototypePte")) {
            sg.ptr("PrototypePte", protos);
        }
        long pointers = pool.allocate("FSop", profile.structSize("_SECTION_OBJECT_POINTERS"), KernelPool.Kind.NON_PAGED);
        new StructWriter(profile, kernel, "_SECTION_OBJECT_POINTERS", pointers)
                .ptr(image ? "ImageSectionObject" : "DataSectionObject", controlArea);
        new StructWriter(profile, kernel, "_FILE_OBJECT", fileObject).ptr("SectionObjectPointer", pointers);
        MappedFile file = new MappedFile(path, image, pages, resident, fileObject, controlArea, subsection, protos);
        files.put(key, file);
        return file;
    }

    /** A {@code _FILE_OBJECT} named {@code path}, not (yet) backing a section. */
    long fileObject(String path) {
        long body = objects.create(ObjectManager.Type.FILE, "File", profile.structSize("_FILE_OBJECT"),
                KernelPool.Kind.NON_PAGED, 0, null);
        byte[] name = LittleEndian.utf16z(path);
        long buffer = pool.allocate("FMfn", name.length, KernelPool.Kind.PAGED);
        kernel.write(buffer, name);
        new StructWriter(profile, kernel, "_FILE_OBJECT", body)
                .u16("Type", FILE_OBJECT_TYPE).u16("Size", profile.structSize("_FILE_OBJECT"))
                .u8("ReadAccess", 1).u8("SharedRead", 1)
                .unicodeString("FileName", path, buffer, name.length);
        return body;
    }

    /** Writes each control area's view count, once every process has mapped its files. */
    void finish() {
        for (MappedFile file : files.values()) {
            new StructWriter(profile, kernel, "_CONTROL_AREA", file.controlArea())
                    .ptr("NumberOfMappedViews", file.views()).ptr("NumberOfUserReferences", file.views() + 1);
        }
    }

    static int pteSize() {
        return PTE_SIZE;
    }
}
