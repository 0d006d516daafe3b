package org.memvfs.win.object;

import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;

/**
 * The context every kernel-object view reads in: the profile, the kernel's address space, the walk
 * limits, the address spaces of processes (one per table root, sharing the kernel's caches and
 * software-PTE rules), and the 32-bit profile for the structures of WoW64 processes. Views made
 * here are thin: an address and this context. Safe for concurrent use.
 */
public final class KernelObjects {
    /** Process address spaces kept, so that one process's translations stay cached between calls. */
    private static final int MAX_SPACES = 65_536;

    private final WindowsProfile profile;
    private final AddressSpace kernelSpace;
    private final MemoryReader kernelReader;
    private final WalkLimits limits;
    private final WindowsProfile wow64Profile;
    private final ConcurrentMap<Pa, AddressSpace> processSpaces = new ConcurrentHashMap<>();

    /**
     * @param kernelSpace the kernel's tables, with Windows' software-PTE rules installed
     */
    public KernelObjects(WindowsProfile profile, AddressSpace kernelSpace, WalkLimits limits) {
        this.profile = profile;
        this.kernelSpace = kernelSpace;
        this.kernelReader = new MemoryReader(kernelSpace, profile.pointerSize());
        this.limits = limits;
        this.wow64Profile = profile.is64Bit() ? wow64ProfileFor(profile) : null;
    }

    /**
     * The layout of the 32-bit user structures (PEB_LDR_DATA, LDR_DATA_TABLE_ENTRY, UNICODE_STRING,
     * LIST_ENTRY) of WoW64 processes under a 64-bit kernel: those of the x86 profile of the same
     * build, or else of the latest x86 build before it (Windows 11 has no x86 kernel; the loader
     * structures' leading members have not moved since Windows XP).
     */
    static WindowsProfile wow64ProfileFor(WindowsProfile profile) {
        Comparator<Profiles.Listing> byBuild = Comparator.comparingInt(Profiles.Listing::buildNumber);
        Optional<Profiles.Listing> atOrBefore = Profiles.listings().stream()
                .filter(l -> !l.is64Bit() && l.buildNumber() <= profile.buildNumber())
                .max(byBuild);
        return atOrBefore.orElseGet(() -> Profiles.listings().stream().filter(l -> !l.is64Bit()).max(byBuild)
                .orElseThrow()).load();
    }

    public WindowsProfile profile() {
        return profile;
    }

    public AddressSpace kernelSpace() {
        return kernelSpace;
    }

    public MemoryReader kernelReader() {
        return kernelReader;
    }

    public WalkLimits limits() {
        return limits;
    }

    /** The profile for WoW64 processes' 32-bit structures; empty under a 32-bit kernel. */
    public Optional<WindowsProfile> wow64Profile() {
        return Optional.ofNullable(wow64Profile);
    }

    /** The process whose EPROCESS is at {@code eprocess}. */
    public WinProcess process(Va eprocess) {
        return new WinProcess(this, eprocess);
    }

    /** The kernel module whose loader entry is at {@code entry}. */
    public WinModule kernelModule(Va entry) {
        return new WinModule(kernelModuleView(entry));
    }

    /** The processes on the list headed at {@code head} (PsActiveProcessHead), in list order. */
    public WalkResult<WinProcess> processes(Va head) {
        int links = profile.offset("_EPROCESS", "ActiveProcessLinks");
        return ListWalk.entries(profile, kernelReader, head, limits.maxProcesses(), "ActiveProcessLinks")
                .map(entry -> process(ListWalk.containing(entry, links)));
    }

    /** The kernel modules on the list headed at {@code head} (PsLoadedModuleList), in load order. */
    public WalkResult<WinModule> kernelModules(Va head) {
        int links = profile.offset(kernelModuleStruct(), "InLoadOrderLinks");
        return ListWalk.entries(profile, kernelReader, head, limits.maxModules(), "PsLoadedModuleList")
                .map(entry -> kernelModule(ListWalk.containing(entry, links)));
    }

    /** Kernel modules are {@code _KLDR_DATA_TABLE_ENTRY}s; Windows 7's PDB has only {@code _LDR_DATA_TABLE_ENTRY}. */
    private String kernelModuleStruct() {
        return profile.hasStruct("_KLDR_DATA_TABLE_ENTRY") ? "_KLDR_DATA_TABLE_ENTRY" : "_LDR_DATA_TABLE_ENTRY";
    }

    private StructView kernelModuleView(Va entry) {
        return new StructView(profile, kernelReader, kernelModuleStruct(), entry, "kernel module");
    }

    /** The address space under the table root {@code root}, made once per root. */
    AddressSpace spaceOf(Pa root) {
        if (root.equals(kernelSpace.root())) {
            return kernelSpace;
        }
        AddressSpace known = processSpaces.get(root);
        if (known != null) {
            return known;
        }
        AddressSpace made = kernelSpace.withRoot(root);
        if (processSpaces.size() >= MAX_SPACES) {
            return made;
        }
        AddressSpace raced = processSpaces.putIfAbsent(root, made);
        return raced != null ? raced : made;
    }

    /** Whether {@code va} is a kernel-half address, where every kernel object lives. */
    boolean isKernelAddress(Va va) {
        return profile.is64Bit() ? va.value() < 0 : (va.value() & 0x8000_0000L) != 0 && va.value() <= 0xffff_ffffL;
    }
}
