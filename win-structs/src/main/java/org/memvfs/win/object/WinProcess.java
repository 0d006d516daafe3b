package org.memvfs.win.object;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.WindowsProfile;

/**
 * A process: a thin view of its {@code _EPROCESS}. Nothing is read when the view is made; each
 * getter reads its field on call, so two calls may differ on live memory. Getters that read user
 * memory (the PEB and what hangs off it) read it through the process's own address space and throw
 * an {@link ObjectReadException} saying why when it cannot be read (paged out, not present); the
 * walks return what they found with the problems they met.
 */
public final class WinProcess {
    /** ExitStatus of a process that has not exited. */
    public static final int STATUS_PENDING = 0x103;
    private static final int IMAGE_FILE_NAME_BYTES = 15;
    private static final String EPROCESS = "_EPROCESS";

    private final KernelObjects kernel;
    private final WindowsProfile profile;
    private final StructView eprocess;

    WinProcess(KernelObjects kernel, Va address) {
        this.kernel = kernel;
        this.profile = kernel.profile();
        this.eprocess = new StructView(profile, kernel.kernelReader(), EPROCESS, address, "process");
    }

    /** Where the {@code _EPROCESS} is. */
    public Va address() {
        return eprocess.address();
    }

    /** Corresponds to {@code _EPROCESS.UniqueProcessId}. */
    public int pid() {
        return (int) eprocess.pointerSized("UniqueProcessId");
    }

    /** Corresponds to {@code _EPROCESS.InheritedFromUniqueProcessId}; the parent may have exited. */
    public int parentPid() {
        return (int) eprocess.pointerSized("InheritedFromUniqueProcessId");
    }

    /** Corresponds to {@code _EPROCESS.ImageFileName}: at most 15 characters of the image's name. */
    public String imageFileName() {
        return eprocess.asciiz("ImageFileName", IMAGE_FILE_NAME_BYTES);
    }

    /**
     * The full path of the image, {@code \Device\HarddiskVolumeN\…}: corresponds to
     * {@code _EPROCESS.SeAuditProcessCreationInfo.ImageFileName->Name}; empty when there is none
     * (System).
     */
    public String imagePath() {
        StructView audit = eprocess.at("_SE_AUDIT_PROCESS_CREATION_INFO",
                eprocess.fieldAddress("SeAuditProcessCreationInfo"), label());
        StructView name = audit.follow("ImageFileName", "_OBJECT_NAME_INFORMATION", label() + " image path");
        return name == null ? "" : name.unicodeString("Name");
    }

    /** Corresponds to {@code _EPROCESS.ExitStatus}: {@link #STATUS_PENDING} while the process runs. */
    public int exitStatus() {
        return (int) eprocess.u32("ExitStatus");
    }

    /** Whether the process has not exited: its ExitStatus is still STATUS_PENDING. */
    public boolean isRunning() {
        return exitStatus() == STATUS_PENDING;
    }

    /** Corresponds to {@code _EPROCESS.CreateTime} (FILETIME: 100 ns since 1601, UTC). */
    public long createTime() {
        return eprocess.u64("CreateTime");
    }

    /** Corresponds to {@code _EPROCESS.ExitTime} (FILETIME); 0 while the process runs. */
    public long exitTime() {
        return eprocess.u64("ExitTime");
    }

    /** Corresponds to {@code _KPROCESS.DirectoryTableBase}: the physical address of its top page table, as stored. */
    public Pa dtb() {
        return new Pa(eprocess.pointerSized("Pcb.DirectoryTableBase"));
    }

    /**
     * Corresponds to {@code _KPROCESS.UserDirectoryTableBase}: the user-mode table of KPTI
     * (kernel page-table isolation); empty when the build has no such field or it is 0.
     */
    public Optional<Pa> userDtb() {
        if (!eprocess.has("Pcb.UserDirectoryTableBase")) {
            return Optional.empty();
        }
        long value = eprocess.pointerSized("Pcb.UserDirectoryTableBase");
        return value == 0 ? Optional.empty() : Optional.of(new Pa(value));
    }

    /** Corresponds to {@code _EPROCESS.Peb}: the native PEB, a user address; empty for kernel-only processes. */
    public Optional<Va> peb() {
        Va peb = eprocess.pointer("Peb");
        return peb.value() == 0 ? Optional.empty() : Optional.of(peb);
    }

    /** Whether this is a 32-bit process on a 64-bit kernel. */
    public boolean isWow64() {
        return peb32().isPresent();
    }

    /** The 32-bit PEB of a WoW64 process; empty otherwise. */
    public Optional<Va> peb32() {
        if (!profile.is64Bit() || !eprocess.has("Wow64Process|WoW64Process")) {
            return Optional.empty();
        }
        Va peb32 = profile.hasStruct("_EWOW64PROCESS") ? peb32Win8() : peb32Win7();
        return peb32.value() == 0 ? Optional.empty() : Optional.of(peb32);
    }

    /** Windows 7: {@code _EPROCESS.Wow64Process} is the 32-bit PEB itself. */
    private Va peb32Win7() {
        return eprocess.pointer("Wow64Process|WoW64Process");
    }

    /** Windows 8 and later: {@code _EPROCESS.WoW64Process} points at an {@code _EWOW64PROCESS}, whose {@code Peb} it is. */
    private Va peb32Win8() {
        StructView wow64 = eprocess.follow("Wow64Process|WoW64Process", "_EWOW64PROCESS", label() + " WoW64 info");
        return wow64 == null ? new Va(0) : wow64.pointer("Peb");
    }

    /**
     * The session the process belongs to: corresponds to {@code _TOKEN.SessionId} of the primary
     * token ({@code _EPROCESS.Token}, an {@code _EX_FAST_REF}), as MemProcFS reads it; -1 without a token.
     */
    public int sessionId() {
        long value = eprocess.pointerSized("Token");
        long refBits = profile.bitField("_EX_FAST_REF", "RefCnt").mask();
        Va token = new Va(value & ~refBits);
        if (token.value() == 0) {
            return -1;
        }
        return (int) eprocess.at("_TOKEN", token, label() + " token").u32("SessionId");
    }

    /**
     * The command line: corresponds to {@code _PEB.ProcessParameters->CommandLine}; empty without a
     * PEB or once the process has exited.
     */
    public String commandLine() {
        return processParameters().map(p -> p.unicodeString("CommandLine")).orElse("");
    }

    /** The image's DOS path: corresponds to {@code _PEB.ProcessParameters->ImagePathName}; empty without a PEB. */
    public String imagePathName() {
        return processParameters().map(p -> p.unicodeString("ImagePathName")).orElse("");
    }

    /** Corresponds to {@code _PEB.ProcessParameters->CurrentDirectory.DosPath}; empty without a PEB. */
    public String currentDirectory() {
        return processParameters().map(p -> p.unicodeString("CurrentDirectory.DosPath")).orElse("");
    }

    private Optional<StructView> processParameters() {
        return pebView().map(peb -> peb.follow("ProcessParameters", "_RTL_USER_PROCESS_PARAMETERS",
                "process parameters of pid " + pid()));
    }

    /**
     * The PEB as a struct in the process's memory; empty without one, and empty for a process that
     * has exited: Windows keeps {@code _EPROCESS.Peb} but tears the user address space down at exit,
     * so there is nothing left to read, which is not an error.
     */
    private Optional<StructView> pebView() {
        if (!isRunning()) {
            return Optional.empty();
        }
        return peb().map(peb -> new StructView(profile, userReader(), "_PEB", peb, "PEB of pid " + pid()));
    }

    /**
     * The process's address space: its DirectoryTableBase as the table root, sharing the kernel's
     * caches and software-PTE rules.
     */
    public AddressSpace addressSpace() {
        return kernel.spaceOf(kernel.kernelSpace().mode().rootOf(dtb().value()));
    }

    private MemoryReader userReader() {
        return new MemoryReader(addressSpace(), profile.pointerSize());
    }

    /**
     * The threads on {@code _EPROCESS.ThreadListHead} (their {@code _ETHREAD.ThreadListEntry}), in
     * list order. An entry whose {@code Cid.UniqueProcess} is another process's pid is left out and
     * reported: a list linked into another process's threads does not lend them to this one.
     */
    public WalkResult<WinThread> threads() {
        int links = profile.offset("_ETHREAD", "ThreadListEntry");
        String list = "ThreadListHead of " + label();
        WalkResult<WinThread> walk = ListWalk.entries(profile, kernel.kernelReader(), eprocess.fieldAddress("ThreadListHead"),
                kernel.limits().maxThreads(), list)
                .map(entry -> new WinThread(eprocess.at("_ETHREAD", ListWalk.containing(entry, links), "thread")));
        return ownThreads(walk, list);
    }

    private WalkResult<WinThread> ownThreads(WalkResult<WinThread> walk, String list) {
        int pid;
        try {
            pid = pid();
        } catch (MemoryException e) {
            return walk;
        }
        List<WinThread> own = new ArrayList<>();
        int foreign = 0;
        String first = null;
        for (WinThread thread : walk.items()) {
            try {
                int owner = thread.pid();
                if (owner != pid) {
                    foreign++;
                    if (first == null) {
                        first = thread.address() + " (pid " + owner + ")";
                    }
                    continue;
                }
            } catch (MemoryException e) {
                // its fields are read again, and the failure reported, by whoever shows the thread
            }
            own.add(thread);
        }
        if (foreign == 0) {
            return walk;
        }
        List<String> problems = new ArrayList<>(walk.problems());
        problems.add(list + ": " + foreign + " entries are threads of another process, the first at " + first
                + "; left out");
        return new WalkResult<>(own, problems);
    }

    /** The VADs of {@code _EPROCESS.VadRoot}, ascending by address (an in-order walk of the tree). */
    public WalkResult<WinVad> vads() {
        return VadTree.walk(kernel, eprocess, label()).map(WinVad::new);
    }

    /** The modules on the PEB's loader list: {@code _PEB.Ldr->InLoadOrderModuleList}, in load order. */
    public WalkResult<WinModule> modules() {
        Optional<StructView> peb;
        try {
            peb = pebView();
            if (peb.isEmpty()) {
                return WalkResult.empty();
            }
            StructView ldr = peb.get().follow("Ldr", "_PEB_LDR_DATA", "loader data of pid " + pid());
            if (ldr == null) {
                return WalkResult.failed("PEB of pid " + pid() + " at " + peb.get().address() + ": Ldr is null");
            }
            return loaderList(ldr, "InLoadOrderModuleList of pid " + pid());
        } catch (MemoryException e) {
            return WalkResult.failed(e.what());
        }
    }

    /**
     * The modules on the 32-bit loader list of a WoW64 process ({@code _PEB32.Ldr}, a 32-bit
     * {@code _PEB_LDR_DATA}), read with the 32-bit profile; empty for other processes.
     */
    public WalkResult<WinModule> wow64Modules() {
        try {
            Optional<Va> peb32 = peb32();
            if (peb32.isEmpty() || kernel.wow64Profile().isEmpty() || !isRunning()) {
                return WalkResult.empty();
            }
            String what = "PEB32 of pid " + pid();
            Va ldr = new Va(new StructView(profile, userReader(), "_PEB32", peb32.get(), what).u32("Ldr"));
            if (ldr.value() == 0) {
                return WalkResult.failed(what + " at " + peb32.get() + ": Ldr is null");
            }
            StructView ldr32 = new StructView(kernel.wow64Profile().get(), userReader().withPointerSize(Integer.BYTES),
                    "_PEB_LDR_DATA", ldr, "32-bit loader data of pid " + pid());
            return loaderList(ldr32, "32-bit InLoadOrderModuleList of pid " + pid());
        } catch (MemoryException e) {
            return WalkResult.failed(e.what());
        }
    }

    /** The {@code _LDR_DATA_TABLE_ENTRY}s on {@code ldr}'s InLoadOrderModuleList, in its profile and memory. */
    private WalkResult<WinModule> loaderList(StructView ldr, String list) {
        WindowsProfile layout = ldr.profile();
        int links = layout.offset("_LDR_DATA_TABLE_ENTRY", "InLoadOrderLinks");
        return ListWalk.entries(layout, ldr.reader(), ldr.fieldAddress("InLoadOrderModuleList"),
                kernel.limits().maxModules(), list)
                .map(entry -> new WinModule(ldr.at("_LDR_DATA_TABLE_ENTRY", ListWalk.containing(entry, links), "module")));
    }

    /** How errors name this process: by its pid when that can be read. */
    private String label() {
        try {
            return "process " + pid() + " (EPROCESS " + address() + ")";
        } catch (MemoryException e) {
            return "process at " + address();
        }
    }

    @Override
    public String toString() {
        return "EPROCESS at " + address();
    }
}
