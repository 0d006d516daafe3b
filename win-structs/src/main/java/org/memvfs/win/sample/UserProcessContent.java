package org.memvfs.win.sample;

import java.util.ArrayList;
import java.util.List;
import org.memvfs.win.profile.WindowsProfile;

/**
 * The user half of an ordinary process: the executable and its DLLs as image VADs,
 * KUSER_SHARED_DATA at 0x7FFE0000, the NLS files as mapped data VADs, the process heap with the
 * loader's data, the process parameters, the PEB, and per thread a stack and a TEB. A WoW64
 * process also gets the 32-bit side: its 32-bit DLLs, a 32-bit heap with the 32-bit loader lists,
 * 32-bit parameters, the PEB32 beside the PEB, and a TEB32 and 32-bit stack per thread.
 */
final class UserProcessContent {
    static final int PAGE = PhysicalPages.PAGE;
    private static final long HEAP_RESERVE = 0x10_0000;
    /** Resident heap pages; the last one is kept out of the heap allocator for per-process content. */
    private static final int HEAP_RESIDENT_PAGES = 8;
    private static final long PEB_TEB_REGION = 0x2_0000;
    private static final long PEB_OFFSET_IN_REGION = 0x3000;
    /** A thread's stack reservation (1 MiB, the linker's default); a WoW64 thread's 64-bit stack is 256 KiB. */
    private static final long STACK_RESERVE = 0x10_0000;
    private static final long WOW64_NATIVE_STACK_RESERVE = 0x4_0000;
    private static final int STACK_RESIDENT_PAGES = 2;
    private static final int MANY_VADS = 10_000;
    private static final long MANY_VADS_SIZE = 0x1_0000;
    private static final String[][] NLS_FILES = {
        {"\\Windows\\System32\\locale.nls", "0xCA000"},
        {"\\Windows\\Globalization\\Sorting\\SortDefault.nls", "0x30B000"},
    };

    final List<SampleModule> modules = new ArrayList<>();
    final List<SampleModule> wow64Modules = new ArrayList<>();
    final List<Long> tebs = new ArrayList<>();
    long peb;
    long peb32;
    long heap;
    long exeBase;
    long exeEntry;
    long ntdllThreadStart;
    long ntdllWorker;
    long exeFileObject;
    String currentDirectory;

    private final BuildContext ctx;
    private final ProcessSpec spec;
    private final int index;
    private final UserSpace space;
    private final ModuleImages images;
    private final boolean wow64;

    UserProcessContent(BuildContext ctx, ProcessSpec spec, int index, UserSpace space, ModuleImages images) {
        this.ctx = ctx;
        this.spec = spec;
        this.index = index;
        this.space = space;
        this.images = images;
        this.wow64 = spec.kind() == ProcessSpec.Kind.WOW64;
    }

    /** Builds everything; threads' TEBs and stacks for {@code threadIds}. */
    void build(List<Integer> threadIds, long createTime) {
        WindowsProfile p = ctx.profile;
        VirtualMemory mem = space.memory();
        ModuleImages.Loaded exe = images.executable(spec);
        space.image(exe.image().base(), exe.file(), exe.codePage());
        exeBase = exe.image().base();
        exeEntry = exe.image().entryPoint();
        exeFileObject = exe.file().fileObject();
        List<LoaderData.Module> nativeModules = new ArrayList<>();
        nativeModules.add(new LoaderData.Module(exe.image(), exe.dosPath()));
        ModuleImages.Loaded ntdll = null;
        for (String dll : spec.dlls()) {
            ModuleImages.Loaded loaded = images.nativeDll(dll);
            space.image(loaded.image().base(), loaded.file(), loaded.codePage());
            nativeModules.add(new LoaderData.Module(loaded.image(), loaded.dosPath()));
            if (dll.equalsIgnoreCase("ntdll.dll")) {
                ntdll = loaded;
            }
        }
        if (ntdll == null) {
            throw new IllegalStateException(spec.name() + " must load ntdll.dll");
        }
        ntdllThreadStart = ntdll.image().export("RtlUserThreadStart");
        ntdllWorker = ntdll.image().codeStart() + 0x800;
        List<LoaderData.Module> modules32 = new ArrayList<>();
        if (wow64) {
            modules32.add(new LoaderData.Module(exe.image(), exe.dosPath()));
            for (String dll : ProcessCatalog.WOW64_32) {
                ModuleImages.Loaded loaded = images.wow64Dll(dll);
                space.image(loaded.image().base(), loaded.file(), loaded.codePage());
                modules32.add(new LoaderData.Module(loaded.image(), loaded.dosPath()));
            }
        }
        space.sharedPage(AddressLayout.KUSER_USER, ctx.kuserFrame);
        for (String[] nls : NLS_FILES) {
            int size = Integer.decode(nls[1]);
            MappedFile file = ctx.files.file(nls[0], false, size / PAGE, java.util.Map.of(0, nlsHeader(nls[0])), 0);
            space.dataFile(space.reserve(size), file);
        }
        heap = space.reserve(HEAP_RESERVE);
        space.privateRegion(heap, HEAP_RESERVE, VadEntry.MM_READWRITE, false, 0, HEAP_RESIDENT_PAGES);
        HeapArea heapArea = new HeapArea(mem, heap, (long) (HEAP_RESIDENT_PAGES - 1) * PAGE);
        long ldr = LoaderData.write(p, mem, heapArea, nativeModules, createTime, modules);
        long heaps = heapArea.allocate(16 * p.pointerSize());
        mem.putPointer(heaps, heap);

        currentDirectory = spec.session() == 0 ? "C:\\Windows\\system32\\" : "C:\\Users\\alice\\";
        ProcessParameters.Values values = new ProcessParameters.Values(spec.dosPath(), spec.commandLine(),
                currentDirectory, spec.dosPath(), spec.session() == 0 ? "" : "Winsta0\\Default", environment(), !spec.gui());
        long params = ProcessParameters.write(p, space, mem, values);

        int tebPages = tebPages();
        int pebPages = wow64 ? 2 : 1;
        long firstTeb;
        if (ctx.layout.pebAtTop()) {
            peb = ctx.layout.topPeb(index, wow64);
            long pebStart = wow64 ? peb - PAGE : peb;
            space.privateRegion(pebStart, (long) pebPages * PAGE, VadEntry.MM_READWRITE, true, 0, pebPages);
            peb32 = wow64 ? peb - PAGE : 0;
            firstTeb = -1;
        } else {
            long region = space.reserve(PEB_TEB_REGION);
            peb = region + PEB_OFFSET_IN_REGION;
            space.privateRegion(peb, (long) pebPages * PAGE, VadEntry.MM_READWRITE, true, 0, pebPages);
            peb32 = wow64 ? peb + PAGE : 0;
            firstTeb = peb + (long) pebPages * PAGE;
        }
        for (int k = 0; k < threadIds.size(); k++) {
            long teb = firstTeb < 0 ? ctx.layout.topTeb(k, wow64, tebPages) : firstTeb + (long) k * tebPages * PAGE;
            space.privateRegion(teb, (long) tebPages * PAGE, VadEntry.MM_READWRITE, true, 0, tebPages);
            tebs.add(teb);
        }
        writePeb(p, mem, exeBase, ldr, params, heaps);
        for (int k = 0; k < threadIds.size(); k++) {
            long size = wow64 ? WOW64_NATIVE_STACK_RESERVE : STACK_RESERVE;
            long stack = space.reserve(size);
            space.privateRegion(stack, size, VadEntry.MM_READWRITE, false, size - STACK_RESIDENT_PAGES * PAGE,
                    STACK_RESIDENT_PAGES);
            writeTeb(p, mem, tebs.get(k), threadIds.get(k), stack + size, stack + size - STACK_RESIDENT_PAGES * PAGE);
        }
        if (wow64) {
            build32(modules32, createTime, values, threadIds);
        }
        switch (spec.role()) {
            case PLANTED -> plant();
            case MANY_VADS -> manyVads();
            case SOFTWARE_PAGES -> softwarePages();
            default -> { }
        }
    }

    private int tebPages() {
        if (!ctx.profile.is64Bit()) {
            return 1;
        }
        int size = ctx.profile.hasStruct("_TEB") ? ctx.profile.structSize("_TEB") : DocumentedLayouts.TEB64_SIZE;
        int pages = (size + PAGE - 1) / PAGE;
        return wow64 ? pages + 1 : pages;
    }

    private void writePeb(WindowsProfile p, VirtualMemory mem, long imageBase, long ldr, long params, long heaps) {
        StructWriter w = new StructWriter(p, mem, "_PEB", peb);
        w.ptr("ImageBaseAddress", imageBase).ptr("Ldr", ldr).ptr("ProcessParameters", params).ptr("ProcessHeap", heap)
                .u32("NumberOfProcessors", 2).u32("NumberOfHeaps", 1).u32("MaximumNumberOfHeaps", 16)
                .ptr("ProcessHeaps", heaps)
                .u32("OSMajorVersion", ctx.layout.win7() ? 6 : 10).u32("OSMinorVersion", ctx.layout.win7() ? 1 : 0)
                .u16("OSBuildNumber", p.buildNumber()).u32("OSPlatformId", 2)
                .u32("ImageSubsystem", spec.gui() ? PeImage.SUBSYSTEM_GUI : PeImage.SUBSYSTEM_CONSOLE)
                .u32("ImageSubsystemMajorVersion", ctx.layout.win7() ? 6 : 10)
                .u32("SessionId", spec.session());
    }

    private void writeTeb(WindowsProfile p, VirtualMemory mem, long teb, int tid, long stackBase, long stackLimit) {
        if (p.hasStruct("_TEB")) {
            StructWriter t = new StructWriter(p, mem, "_TEB", teb);
            StructWriter tib = t.at("NtTib", "_NT_TIB");
            tib.ptr("StackBase", stackBase).ptr("StackLimit", stackLimit).ptr("Self", teb);
            t.at("ClientId", "_CLIENT_ID").ptr("UniqueProcess", spec.pid()).ptr("UniqueThread", tid);
            t.ptr("ProcessEnvironmentBlock", peb);
        } else {
            mem.putPointer(teb + DocumentedLayouts.TEB64_STACK_BASE, stackBase);
            mem.putPointer(teb + DocumentedLayouts.TEB64_STACK_LIMIT, stackLimit);
            mem.putPointer(teb + DocumentedLayouts.TEB64_SELF, teb);
            mem.putPointer(teb + DocumentedLayouts.TEB64_CLIENT_ID, spec.pid());
            mem.putPointer(teb + DocumentedLayouts.TEB64_CLIENT_ID + 8, tid);
            mem.putPointer(teb + DocumentedLayouts.TEB64_PEB, peb);
        }
    }

    /** The WoW64 side, with the 32-bit profile's layouts: heap, loader lists, parameters, PEB32, TEB32s. */
    private void build32(List<LoaderData.Module> modules32, long createTime, ProcessParameters.Values values,
            List<Integer> threadIds) {
        WindowsProfile p32 = ctx.profile32;
        VirtualMemory mem32 = space.memory().withPointerSize(4);
        long heap32 = space.reserve(HEAP_RESERVE);
        space.privateRegion(heap32, HEAP_RESERVE, VadEntry.MM_READWRITE, false, 0, HEAP_RESIDENT_PAGES);
        HeapArea area = new HeapArea(mem32, heap32, (long) (HEAP_RESIDENT_PAGES - 1) * PAGE);
        long ldr32 = LoaderData.write(p32, mem32, area, modules32, createTime, wow64Modules);
        long params32 = ProcessParameters.write(p32, space, mem32, values);
        StructWriter w = new StructWriter(ctx.profile, mem32, "_PEB32", peb32);
        w.u32("ImageBaseAddress", exeBase).u32("Ldr", ldr32).u32("ProcessParameters", params32).u32("ProcessHeap", heap32)
                .u32("NumberOfProcessors", 2).u32("NumberOfHeaps", 1).u32("MaximumNumberOfHeaps", 16)
                .u32("OSMajorVersion", ctx.layout.win7() ? 6 : 10).u32("OSMinorVersion", ctx.layout.win7() ? 1 : 0)
                .u16("OSBuildNumber", ctx.profile.buildNumber()).u32("OSPlatformId", 2)
                .u32("ImageSubsystem", PeImage.SUBSYSTEM_GUI).u32("SessionId", spec.session());
        for (int k = 0; k < threadIds.size(); k++) {
            long stack = space.reserve(STACK_RESERVE);
            space.privateRegion(stack, STACK_RESERVE, VadEntry.MM_READWRITE, false,
                    STACK_RESERVE - STACK_RESIDENT_PAGES * PAGE, STACK_RESIDENT_PAGES);
            long teb32 = tebs.get(k) + (long) (tebPages() - 1) * PAGE;
            StructWriter t = new StructWriter(p32, mem32, "_TEB", teb32);
            t.at("NtTib", "_NT_TIB").ptr("StackBase", stack + STACK_RESERVE)
                    .ptr("StackLimit", stack + STACK_RESERVE - STACK_RESIDENT_PAGES * PAGE).ptr("Self", teb32);
            t.at("ClientId", "_CLIENT_ID").ptr("UniqueProcess", spec.pid()).ptr("UniqueThread", threadIds.get(k));
            t.ptr("ProcessEnvironmentBlock", peb32);
        }
    }

    /** The planted string, in the heap page kept out of the allocator: nothing else maps that frame. */
    private void plant() {
        space.memory().write(plantedAddress(), ProcessCatalog.PLANTED_TEXT.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    long plantedAddress() {
        return heap + (long) (HEAP_RESIDENT_PAGES - 1) * PAGE + 0x230;
    }

    /** Ten thousand 64 KiB private allocations with their first page in memory, as a browser makes. */
    private void manyVads() {
        for (int i = 0; i < MANY_VADS; i++) {
            long start = space.reserve(MANY_VADS_SIZE);
            space.privateRegion(start, MANY_VADS_SIZE, VadEntry.MM_READWRITE, true, 0, 1);
        }
    }

    /**
     * Pages left not present on purpose: two committed heap pages in transition (their bytes
     * still in otherwise unmapped frames), two paged out, and two prototype PTEs, one in kernel32's
     * image and one in locale.nls, pointing at the files' valid prototype PTEs.
     */
    private void softwarePages() {
        long page = heap + (long) HEAP_RESIDENT_PAGES * PAGE;
        for (int i = 0; i < 2; i++) {
            long frame = ctx.frames.allocate();
            byte[] content = ("explorer heap page on the standby list #" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ctx.memory.write(frame + 0x40, content);
            space.transition(page + (long) i * PAGE, frame);
        }
        space.pagedOut(page + 2L * PAGE, 0, 0x3A2);
        space.pagedOut(page + 3L * PAGE, 0, 0x1C07);
        ModuleImages.Loaded kernel32 = images.nativeDll("kernel32.dll");
        space.prototype(kernel32.image().base(), kernel32.file(), kernel32.codePage());
        MappedFile locale = ctx.files.get(NLS_FILES[0][0]);
        long localeBase = space.vads().stream().filter(v -> v.file() == locale).findFirst().orElseThrow().start();
        space.prototype(localeBase, locale, 0);
    }

    private List<String> environment() {
        boolean user = spec.session() != 0;
        String arch = ctx.profile.is64Bit() ? "AMD64" : "x86";
        List<String> env = new ArrayList<>();
        env.add("ALLUSERSPROFILE=C:\\ProgramData");
        env.add("COMPUTERNAME=WIN-SAMPLE");
        env.add("ComSpec=C:\\Windows\\system32\\cmd.exe");
        env.add("NUMBER_OF_PROCESSORS=2");
        env.add("OS=Windows_NT");
        env.add("Path=C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem");
        env.add("PROCESSOR_ARCHITECTURE=" + arch);
        env.add("SystemDrive=C:");
        env.add("SystemRoot=C:\\Windows");
        env.add("TEMP=" + (user ? "C:\\Users\\alice\\AppData\\Local\\Temp" : "C:\\Windows\\TEMP"));
        env.add("USERNAME=" + (user ? "alice" : "SYSTEM"));
        env.add("USERPROFILE=" + (user ? "C:\\Users\\alice" : "C:\\Windows\\system32\\config\\systemprofile"));
        env.add("windir=C:\\Windows");
        return env;
    }

    private static byte[] nlsHeader(String path) {
        byte[] page = new byte[PAGE];
        byte[] name = LittleEndian.utf16(path.substring(path.lastIndexOf('\\') + 1));
        LittleEndian.putInt(page, 0, 0x0000_000D);
        LittleEndian.putInt(page, 4, 0x0002_0001);
        System.arraycopy(name, 0, page, 0x10, name.length);
        return page;
    }
}
