package org.memvfs.win.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Builds one sample image, in the order a booting Windows creates things: low memory, the kernel
 * image and KUSER_SHARED_DATA, the pools and object types, the loaded-module list, the processes
 * (linked into PsActiveProcessHead in catalog order), the debugger data block; and last the page
 * tables' finishing touches, the kernel half copied into every process and the KPTI user roots.
 */
final class SampleImageBuilder {
    private static final int PROCESSORS = 2;
    private static final int FIRST_ENCODED_BUILD = 9200;
    private static final int FIRST_PTE_BASE_BUILD = 10240;
    private static final int TYPE_TABLE_ENTRIES = 0x40;

    private SampleImageBuilder() {
    }

    static SampleImage build(WindowsProfile profile) {
        BuildContext ctx = new BuildContext(profile);
        int ptr = profile.pointerSize();
        LowMemory.writeVectorTable(ctx.memory, ctx.frames);
        ctx.ntos = NtoskrnlImage.create(profile, ctx.layout, ctx.tables, ctx.frames, ctx.kernel, kernelVariables(profile));
        NtoskrnlImage ntos = ctx.ntos;
        if (profile.is64Bit()) {
            LowMemory.writeStartBlock(ctx.memory, ctx.frames, AddressLayout.LOW_STUB, ntos.entryPoint(), ctx.tables.systemRoot());
        }
        ctx.kuserFrame = SharedUserData.write(profile, ctx.layout, ctx.tables, ctx.frames, ctx.kernel, PROCESSORS);
        ctx.pool = new KernelPool(profile, ctx.tables, ctx.frames, ctx.kernel, ctx.layout.nonPagedPool(), ctx.layout.pagedPool());
        ctx.objects = new ObjectManager(profile, ctx.kernel, ctx.pool, headerCookie(profile));
        writeObjectManagerVariables(ctx);
        writeSystemVariables(ctx);
        List<SampleModule> kernelModules = KernelModules.write(profile, ctx.layout, ctx.tables, ctx.frames, ctx.kernel,
                ctx.pool, ntos);
        ctx.files = new MappedFiles(profile, ctx.kernel, ctx.pool, ctx.objects, ctx.memory, ctx.frames, ctx.pte, ctx.softwarePtes);
        ctx.modules = new ModuleCatalog(ctx.layout);

        List<ProcessSpec> catalog = ProcessCatalog.forProfile(profile);
        ctx.reserveProcessIds(catalog.stream().map(ProcessSpec::pid).toList());
        ModuleImages images = new ModuleImages(ctx, catalog);
        ProcessBuilder builder = new ProcessBuilder(ctx, images);
        List<ProcessBuilder.Result> results = new ArrayList<>();
        for (int i = 0; i < catalog.size(); i++) {
            results.add(builder.build(catalog.get(i), i));
        }
        linkActiveProcesses(ctx, results);
        ntos.putPointer("PsInitialSystemProcess", results.get(0).eprocess);
        DebuggerDataBlock.write(profile, ntos);
        ctx.files.finish();
        ctx.pool.close();

        List<SampleProcess> processes = finishPageTables(ctx, results);
        ProcessBuilder.Result planted = results.stream().filter(r -> r.plantedAddress >= 0).findFirst().orElseThrow();
        SampleManifest manifest = new SampleManifest(profile.id(), profile.buildNumber(), ctx.tables.mode(),
                Pa.of(ctx.tables.systemRoot()), Va.of(ntos.base()), ntos.guidAge(), Va.of(ntos.va("PsActiveProcessHead")),
                Va.of(ntos.va("PsLoadedModuleList")), Va.of(ntos.va("KdDebuggerDataBlock")),
                DebuggerDataBlock.encoded(profile), processes, kernelModules,
                new SamplePlant(ProcessCatalog.PLANTED_TEXT, planted.spec.pid(), Va.of(planted.plantedAddress)),
                SampleClock.CAPTURE);
        return new SampleImage(manifest, ctx.memory.size(), ctx.memory.nonZeroFrames());
    }

    /** The kernel variables the sample writes, with their sizes, in the order they are laid out when the profile does not place them. */
    static Map<String, Integer> kernelVariables(WindowsProfile profile) {
        int p = profile.pointerSize();
        Map<String, Integer> v = new LinkedHashMap<>();
        v.put("PsActiveProcessHead", 2 * p);
        v.put("PsLoadedModuleList", 2 * p);
        v.put("PsInitialSystemProcess", p);
        v.put("KdDebuggerDataBlock", profile.structSize(DebuggerDataBlock.STRUCT));
        v.put("KdpDebuggerDataListHead", 2 * p);
        v.put("NtBuildNumber", 4);
        v.put("NtBuildLab", 0x80);
        v.put("ObTypeIndexTable", TYPE_TABLE_ENTRIES * p);
        v.put("ObpInfoMaskToOffset", 0x100);
        v.put("ObpTypeObjectType", p);
        v.put("PsProcessType", p);
        v.put("PsThreadType", p);
        v.put("IoFileObjectType", p);
        v.put("SeTokenObjectType", p);
        v.put("MmPfnDatabase", p);
        v.put("MmHighestUserAddress", p);
        v.put("MmSystemRangeStart", p);
        v.put("KeNumberProcessors", 4);
        if (DebuggerDataBlock.encoded(profile)) {
            v.put("KdpDataBlockEncoded", 1);
            v.put("KiWaitNever", 8);
            v.put("KiWaitAlways", 8);
        } else if (profile.symbolRva("KdpDataBlockEncoded").isPresent()) {
            v.put("KdpDataBlockEncoded", 1);
        }
        if (profile.buildNumber() >= FIRST_ENCODED_BUILD) {
            v.put("ObHeaderCookie", 4);
        }
        if (profile.is64Bit() && profile.has("_KPROCESS", "UserDirectoryTableBase")) {
            v.put("KiKvaShadow", 1);
        }
        if (profile.is64Bit() && profile.buildNumber() >= FIRST_PTE_BASE_BUILD) {
            v.put("MmPteBase", p);
        }
        return v;
    }

    /** A per-build ObHeaderCookie byte, fixed so that images are reproducible. */
    static int headerCookie(WindowsProfile profile) {
        return (profile.id().hashCode() * 31 + 0x5B) & 0xFF;
    }

    private static void writeObjectManagerVariables(BuildContext ctx) {
        NtoskrnlImage ntos = ctx.ntos;
        int p = ctx.profile.pointerSize();
        List<Long> types = ctx.objects.createTypeObjects();
        byte[] table = new byte[TYPE_TABLE_ENTRIES * p];
        for (int i = 0; i < types.size(); i++) {
            LittleEndian.put(table, i * p, types.get(i), p);
        }
        ntos.put("ObTypeIndexTable", table);
        ntos.put("ObpInfoMaskToOffset", ctx.objects.infoMaskToOffsetTable());
        ntos.putPointer("ObpTypeObjectType", ctx.objects.typeObject(ObjectManager.Type.TYPE));
        ntos.putPointer("PsProcessType", ctx.objects.typeObject(ObjectManager.Type.PROCESS));
        ntos.putPointer("PsThreadType", ctx.objects.typeObject(ObjectManager.Type.THREAD));
        ntos.putPointer("IoFileObjectType", ctx.objects.typeObject(ObjectManager.Type.FILE));
        ntos.putPointer("SeTokenObjectType", ctx.objects.typeObject(ObjectManager.Type.TOKEN));
        if (ntos.has("ObHeaderCookie")) {
            ntos.putValue("ObHeaderCookie", ctx.objects.cookie(), 4);
        }
    }

    private static void writeSystemVariables(BuildContext ctx) {
        NtoskrnlImage ntos = ctx.ntos;
        ntos.putValue("NtBuildNumber", 0xF000_0000L | ctx.profile.buildNumber(), 4);
        ntos.put("NtBuildLab", LittleEndian.asciiz(ntos.buildLab()));
        ntos.putPointer("MmPfnDatabase", ctx.layout.pfnDatabase());
        ntos.putPointer("MmHighestUserAddress", ctx.layout.highestUserAddress());
        ntos.putPointer("MmSystemRangeStart", ctx.layout.systemRangeStart());
        ntos.putValue("KeNumberProcessors", PROCESSORS, 4);
        if (ntos.has("KiKvaShadow")) {
            ntos.putValue("KiKvaShadow", 1, 1);
        }
        if (ntos.has("MmPteBase")) {
            ntos.putPointer("MmPteBase", X64PageTableWriter.PTE_BASE);
        }
    }

    /** ActiveProcessLinks in catalog order, the list head in ntoskrnl's data. */
    private static void linkActiveProcesses(BuildContext ctx, List<ProcessBuilder.Result> results) {
        WindowsProfile p = ctx.profile;
        long head = ctx.ntos.va("PsActiveProcessHead");
        int links = p.offset("_EPROCESS", "ActiveProcessLinks");
        int flink = p.offset("_LIST_ENTRY", "Flink");
        int blink = p.offset("_LIST_ENTRY", "Blink");
        int n = results.size();
        for (int i = 0; i < n; i++) {
            long self = results.get(i).eprocess + links;
            ctx.kernel.putPointer(self + flink, i + 1 < n ? results.get(i + 1).eprocess + links : head);
            ctx.kernel.putPointer(self + blink, i > 0 ? results.get(i - 1).eprocess + links : head);
        }
        ctx.kernel.putPointer(head + flink, results.get(0).eprocess + links);
        ctx.kernel.putPointer(head + blink, results.get(n - 1).eprocess + links);
    }

    /** Shares the kernel half with every process and makes the KPTI user roots; returns the finished records. */
    private static List<SampleProcess> finishPageTables(BuildContext ctx, List<ProcessBuilder.Result> results) {
        WindowsProfile p = ctx.profile;
        X64PageTableWriter x64 = ctx.tables instanceof X64PageTableWriter w ? w : null;
        if (x64 != null && ctx.ntos.hasKvasCode()) {
            long kvas = ctx.ntos.kvasCodePage();
            x64.mapShadowKernelPage(kvas, ctx.tables.translate(ctx.tables.systemRoot(), kvas), PageAccess.KERNEL_CODE);
        }
        List<SampleProcess> processes = new ArrayList<>();
        for (ProcessBuilder.Result r : results) {
            if (r.root != ctx.tables.systemRoot()) {
                ctx.tables.shareKernelHalf(r.root);
            }
            long userDtb = -1;
            if (r.needsShadowRoot && x64 != null) {
                userDtb = x64.createShadowRoot(r.root);
                new StructWriter(p, ctx.kernel, "_KPROCESS", r.eprocess + p.offset("_EPROCESS", "Pcb"))
                        .ptr("UserDirectoryTableBase", userDtb);
            }
            processes.add(r.toSample(userDtb));
        }
        return List.copyOf(processes);
    }
}
