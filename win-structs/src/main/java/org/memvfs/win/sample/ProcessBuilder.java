package org.memvfs.win.sample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Writes one process: its {@code _EPROCESS} object ("Proc" pool block) and everything it points
 * at: page tables, user space (see {@link UserProcessContent}), threads, token, handle table,
 * VAD tree and the audit name. The list links between processes are the caller's.
 */
final class ProcessBuilder {
    static final int PROCESS_OBJECT = 3;
    static final int STATUS_PENDING = 0x103;
    private static final String DEVICE = "\\Device\\HarddiskVolume3";
    private static final int MACHINE_I386 = PeImage.MACHINE_I386;

    /** A written process, before its KPTI root exists. */
    static final class Result {
        ProcessSpec spec;
        long eprocess;
        long root;
        long peb;
        long peb32;
        long createTime;
        long exitTime;
        int exitStatus;
        String imagePath = "";
        String commandLine = "";
        String imagePathName = "";
        String currentDirectory = "";
        List<SampleThread> threads = List.of();
        List<SampleVad> vads = List.of();
        List<SampleModule> modules = List.of();
        List<SampleModule> wow64Modules = List.of();
        List<SampleSoftwarePage> softwarePages = List.of();
        long plantedAddress = -1;
        boolean needsShadowRoot;

        SampleProcess toSample(long userDtb) {
            return new SampleProcess(Va.of(eprocess), spec.pid(), spec.ppid(), spec.imageFileName(), imagePath, Pa.of(root),
                    userDtb < 0 ? null : Pa.of(userDtb), peb == 0 ? null : Va.of(peb), peb32 == 0 ? null : Va.of(peb32),
                    spec.session(), createTime, exitTime, exitStatus, commandLine, imagePathName, currentDirectory, threads,
                    vads, modules, wow64Modules, softwarePages);
        }
    }

    private final BuildContext ctx;
    private final ModuleImages images;

    ProcessBuilder(BuildContext ctx, ModuleImages images) {
        this.ctx = ctx;
        this.images = images;
    }

    Result build(ProcessSpec spec, int index) {
        WindowsProfile p = ctx.profile;
        Result r = new Result();
        r.spec = spec;
        r.eprocess = ctx.objects.create(ObjectManager.Type.PROCESS, "Proc", p.structSize("_EPROCESS"),
                KernelPool.Kind.NON_PAGED, ObjectManager.QUOTA_INFO, null);
        boolean wow64 = spec.kind() == ProcessSpec.Kind.WOW64;
        r.root = spec.kind() == ProcessSpec.Kind.SYSTEM ? ctx.tables.systemRoot() : ctx.tables.createProcessRoot();
        UserSpace space = new UserSpace(ctx, r.root, ctx.layout.privateArea(index, wow64), ctx.layout.privateAreaEnd(index, wow64));
        r.createTime = SampleClock.afterBoot(spec.startSeconds());
        boolean exited = spec.kind() == ProcessSpec.Kind.EXITED;
        r.exitStatus = exited ? 0 : STATUS_PENDING;
        r.exitTime = exited ? r.createTime + Math.round(2.5 * SampleClock.TICKS_PER_SECOND) : 0;
        List<Integer> tids = new ArrayList<>();
        for (int k = 0; k < spec.threads(); k++) {
            tids.add(ctx.nextThreadId());
        }
        long sectionBase = 0;
        long imageFile = 0;
        UserProcessContent user = null;
        switch (spec.kind()) {
            case SYSTEM -> kernelOwnedRegions(space, 2, 0x1000, false);
            case KERNEL_ONLY -> kernelOwnedRegions(space, spec.name().equals("Registry") ? 6 : 4,
                    spec.name().equals("Registry") ? 0x20_0000 : 0x100_0000, spec.name().equals("Registry"));
            case USER, WOW64 -> {
                user = new UserProcessContent(ctx, spec, index, space, images);
                user.build(tids, r.createTime);
                sectionBase = user.exeBase;
                imageFile = user.exeFileObject;
                r.peb = user.peb;
                r.peb32 = user.peb32;
                r.modules = List.copyOf(user.modules);
                r.wow64Modules = List.copyOf(user.wow64Modules);
                r.commandLine = spec.commandLine();
                r.imagePathName = spec.dosPath();
                r.currentDirectory = user.currentDirectory;
                if (spec.role() == ProcessSpec.Role.PLANTED) {
                    r.plantedAddress = user.plantedAddress();
                }
            }
            case EXITED -> {
                // its address space was torn down at exit; the PEB pointer stays behind, stale
                r.peb = ctx.layout.pebAtTop() ? ctx.layout.topPeb(index, false)
                        : ctx.layout.privateArea(index, false) + 0x3000;
                sectionBase = images.executable(spec).image().base();
                imageFile = images.executable(spec).file().fileObject();
            }
        }
        if (spec.kind() != ProcessSpec.Kind.SYSTEM && spec.kind() != ProcessSpec.Kind.KERNEL_ONLY) {
            r.imagePath = DEVICE + ModuleCatalog.volumePath(spec.dosPath());
        }
        r.threads = threads(spec, r, tids, user);
        ThreadWriter.link(ctx, r.eprocess, r.threads);
        List<VadEntry> vads = space.vads();
        List<Long> nodes = new VadTreeWriter(p, ctx.kernel, ctx.pool).write(r.eprocess, vads);
        List<SampleVad> sampleVads = new ArrayList<>();
        for (int i = 0; i < vads.size(); i++) {
            VadEntry v = vads.get(i);
            sampleVads.add(new SampleVad(Va.of(nodes.get(i)), Va.of(v.start()), Va.of(v.end()), v.vadType(), v.protection(),
                    v.isPrivate(), v.memCommit(), v.file() == null ? null : v.file().path()));
        }
        r.vads = List.copyOf(sampleVads);
        r.softwarePages = space.softwarePages();
        r.needsShadowRoot = p.has("_KPROCESS", "UserDirectoryTableBase")
                && (spec.kind() == ProcessSpec.Kind.USER || spec.kind() == ProcessSpec.Kind.WOW64 || exited);
        writeEprocess(spec, index, r, space, sectionBase, imageFile);
        return r;
    }

    /**
     * Private regions of a process that never runs user code (System, Registry, MemCompression),
     * and KUSER_SHARED_DATA, which the memory manager maps into every address space it creates.
     */
    private void kernelOwnedRegions(UserSpace space, int count, long size, boolean hiveBins) {
        space.sharedPage(AddressLayout.KUSER_USER, ctx.kuserFrame);
        for (int i = 0; i < count; i++) {
            long start = space.reserve(size);
            space.privateRegion(start, size, VadEntry.MM_READWRITE, true, 0, 1);
            if (hiveBins) {
                byte[] bin = new byte[0x20];
                System.arraycopy("hbin".getBytes(StandardCharsets.US_ASCII), 0, bin, 0, 4);
                LittleEndian.putInt(bin, 4, i * 0x1000);
                LittleEndian.putInt(bin, 8, 0x1000);
                space.memory().write(start, bin);
            }
        }
    }

    private List<SampleThread> threads(ProcessSpec spec, Result r, List<Integer> tids, UserProcessContent user) {
        List<SampleThread> threads = new ArrayList<>();
        boolean system = user == null;
        int base = basePriority(spec.name());
        for (int k = 0; k < tids.size(); k++) {
            long start;
            long win32Start;
            long teb = 0;
            if (system) {
                start = ctx.ntos.codeAddress(0x40 * (k + 1) + spec.pid());
                win32Start = start;
            } else {
                start = user.ntdllThreadStart;
                win32Start = k == 0 ? user.exeEntry : user.ntdllWorker;
                teb = user.tebs.get(k);
            }
            int state = ThreadWriter.WAITING;
            int reason = k == 0 ? (spec.gui() ? ThreadWriter.WR_USER_REQUEST : ThreadWriter.USER_REQUEST) : ThreadWriter.WR_QUEUE;
            if (system) {
                reason = k % 2 == 0 ? ThreadWriter.EXECUTIVE : ThreadWriter.WR_QUEUE;
            }
            if ((spec.role() == ProcessSpec.Role.MANY_VADS && k == 0) || (spec.role() == ProcessSpec.Role.SOFTWARE_PAGES && k == 1)) {
                state = ThreadWriter.RUNNING;
                reason = ThreadWriter.EXECUTIVE;
            }
            long created = r.createTime + (k + 1) * 20_000L;
            long exit = 0;
            if (spec.role() == ProcessSpec.Role.SOFTWARE_PAGES && k == tids.size() - 1) {
                state = ThreadWriter.TERMINATED;
                reason = ThreadWriter.EXECUTIVE;
                exit = created + 30 * SampleClock.TICKS_PER_SECOND;
            }
            int priority = system ? 13 + k % 4 : base + (k == 0 && spec.gui() ? 2 : 0);
            ThreadWriter.Values v = new ThreadWriter.Values(tids.get(k), start, win32Start, teb, state, reason, priority,
                    system ? 13 : base, created, exit, (spec.pid() * 7L + k * 13L) % 900, system ? 0 : (spec.pid() * 3L + k) % 400,
                    system);
            threads.add(ThreadWriter.write(ctx, r.eprocess, spec.pid(), v));
        }
        return List.copyOf(threads);
    }

    private void writeEprocess(ProcessSpec spec, int index, Result r, UserSpace space, long sectionBase, long imageFile) {
        WindowsProfile p = ctx.profile;
        boolean exited = spec.kind() == ProcessSpec.Kind.EXITED;
        DocumentedLayouts.dispatcherHeader(p, ctx.kernel, r.eprocess + p.offset("_EPROCESS", "Pcb"), PROCESS_OBJECT,
                p.structSize("_KPROCESS") / 4, exited ? 1 : 0);
        StructWriter pcb = new StructWriter(p, ctx.kernel, "_KPROCESS", r.eprocess + p.offset("_EPROCESS", "Pcb"));
        pcb.ptr("DirectoryTableBase", r.root).u8("BasePriority", basePriority(spec.name()))
                .value("KernelTime", (spec.pid() * 11L) % 5000).value("UserTime", (spec.pid() * 5L) % 3000);
        StructWriter e = new StructWriter(p, ctx.kernel, "_EPROCESS", r.eprocess);
        byte[] imageFileName = new byte[15];
        byte[] name = spec.imageFileName().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, imageFileName, 0, name.length);
        int activeThreads = (int) r.threads.stream().filter(t -> t.state() != ThreadWriter.TERMINATED).count();
        e.ptr("UniqueProcessId", spec.pid()).ptr("InheritedFromUniqueProcessId", spec.ppid())
                .u64("CreateTime", r.createTime).u64("ExitTime", r.exitTime).u32("ExitStatus", r.exitStatus)
                .bytes("ImageFileName", imageFileName)
                .ptr("Peb", r.peb).ptr("SectionBaseAddress", sectionBase)
                .u32("ActiveThreads", activeThreads)
                .value("VirtualSize", space.virtualSize()).value("PeakVirtualSize", space.virtualSize() + 0x20_0000)
                .value("CommitCharge", space.commitCharge())
                .u32("Cookie", 0x3C6E_F35F * (spec.pid() + 1))
                .emptyList("SessionProcessLinks");
        if (e.has("ImageFilePointer")) {
            e.ptr("ImageFilePointer", imageFile);
        }
        if (e.has("SequenceNumber")) {
            e.u64("SequenceNumber", index + 1);
        }
        if (e.has("CreateInterruptTime")) {
            e.u64("CreateInterruptTime", Math.round(spec.startSeconds() * SampleClock.TICKS_PER_SECOND));
        }
        if (e.has("Protection")) {
            e.bytes("Protection", new byte[] {(byte) spec.protection()});
        }
        e.ptr("SeAuditProcessCreationInfo.ImageFileName", auditName(r.imagePath));
        long token = TokenWriter.write(ctx, spec.session(), logonSession(spec), userSid(spec), 0x1000 + index);
        e.ptr("Token", token | TokenWriter.FAST_REF_COUNT);
        if (!exited) {
            List<Long> handles = new ArrayList<>();
            if (imageFile != 0) {
                handles.add(imageFile);
            }
            r.threads.forEach(t -> handles.add(t.ethread().value()));
            e.ptr("ObjectTable", HandleTableWriter.write(ctx, spec.kind() == ProcessSpec.Kind.SYSTEM ? 0 : r.eprocess,
                    spec.pid(), handles));
        }
        if (spec.kind() == ProcessSpec.Kind.WOW64) {
            e.ptr("Wow64Process|WoW64Process", wow64Pointer(r.peb32));
        }
    }

    /** Windows 10 and later point at an _EWOW64PROCESS whose Peb is the PEB32; Windows 7 at the PEB32 itself. */
    private long wow64Pointer(long peb32) {
        WindowsProfile p = ctx.profile;
        if (!p.hasStruct("_EWOW64PROCESS")) {
            return peb32;
        }
        long block = ctx.pool.allocate("PsWo", p.structSize("_EWOW64PROCESS"), KernelPool.Kind.NON_PAGED);
        StructWriter w = new StructWriter(p, ctx.kernel, "_EWOW64PROCESS", block).ptr("Peb", peb32);
        if (w.has("Machine")) {
            w.u16("Machine", MACHINE_I386);
        }
        return block;
    }

    /**
     * The {@code _OBJECT_NAME_INFORMATION} SeAuditProcessCreationInfo points at: a UNICODE_STRING
     * whose text follows it in the same pool block, MaximumLength two bytes more than Length.
     */
    private long auditName(String path) {
        WindowsProfile p = ctx.profile;
        int header = p.structSize("_OBJECT_NAME_INFORMATION");
        byte[] text = LittleEndian.utf16z(path);
        long block = ctx.pool.allocate("SeOn", header + text.length, KernelPool.Kind.PAGED);
        ctx.kernel.write(block + header, text);
        new StructWriter(p, ctx.kernel, "_OBJECT_NAME_INFORMATION", block)
                .unicodeString("Name", path, path.isEmpty() ? 0 : block + header, path.isEmpty() ? 0 : text.length);
        return block;
    }

    private static int basePriority(String name) {
        return switch (name) {
            case "smss.exe" -> 11;
            case "csrss.exe", "wininit.exe", "winlogon.exe", "dwm.exe" -> 13;
            case "services.exe", "lsass.exe" -> 9;
            default -> 8;
        };
    }

    private static long logonSession(ProcessSpec spec) {
        TokenWriter.Sid sid = userSid(spec);
        if (sid == TokenWriter.Sid.LOCAL_SERVICE) {
            return TokenWriter.LOCAL_SERVICE_LUID;
        }
        if (sid == TokenWriter.Sid.NETWORK_SERVICE) {
            return TokenWriter.NETWORK_SERVICE_LUID;
        }
        return sid == TokenWriter.Sid.USER ? TokenWriter.USER_LUID : TokenWriter.SYSTEM_LUID;
    }

    private static TokenWriter.Sid userSid(ProcessSpec spec) {
        String line = spec.commandLine();
        if (spec.name().equals("dwm.exe")) {
            return TokenWriter.Sid.DWM;
        }
        if (line.contains("-k LocalService") || spec.name().equals("audiodg.exe")) {
            return TokenWriter.Sid.LOCAL_SERVICE;
        }
        if (line.contains("-k NetworkService") || line.contains("-k RPCSS") || spec.name().equals("WmiPrvSE.exe")) {
            return TokenWriter.Sid.NETWORK_SERVICE;
        }
        boolean sessionService = spec.name().equals("csrss.exe") || spec.name().equals("winlogon.exe")
                || spec.name().equals("fontdrvhost.exe");
        return spec.session() == 1 && !sessionService ? TokenWriter.Sid.USER : TokenWriter.Sid.SYSTEM;
    }
}
