package org.memvfs.win.sample;

import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Everything the writers of one image share: the profile and layout, physical memory and its
 * allocator, the page tables, the kernel's view of memory, the pools, the object manager, the
 * mapped files and the kernel image. One per build; not shared between builds.
 */
final class BuildContext {
    final WindowsProfile profile;
    /** The 32-bit profile whose user-mode layouts (LDR, process parameters, TEB) a WoW64 process's 32-bit side uses. */
    final WindowsProfile profile32;
    final AddressLayout layout;
    final PhysicalPages memory;
    final FrameAllocator frames;
    final HardwarePte pte;
    final SoftwarePtes softwarePtes;
    final PageTableWriter tables;
    final VirtualMemory kernel;
    KernelPool pool;
    ObjectManager objects;
    MappedFiles files;
    NtoskrnlImage ntos;
    ModuleCatalog modules;
    long kuserFrame;
    private int nextThreadId = 8;
    private final java.util.Set<Integer> processIds = new java.util.HashSet<>();

    BuildContext(WindowsProfile profile) {
        this.profile = profile;
        this.profile32 = profile.is64Bit() ? companion32(profile) : profile;
        this.layout = new AddressLayout(profile);
        this.memory = new PhysicalPages(AddressLayout.PHYSICAL_SIZE);
        this.frames = new FrameAllocator(AddressLayout.PHYSICAL_SIZE);
        this.pte = new HardwarePte(profile);
        this.softwarePtes = new SoftwarePtes(profile);
        this.tables = profile.is64Bit() ? new X64PageTableWriter(memory, frames, pte) : new PaePageTableWriter(memory, frames, pte);
        tables.createSystemRoot(frames.reserve(layout.systemDtb()));
        this.kernel = new VirtualMemory(memory, tables, tables.systemRoot(), profile.pointerSize());
    }

    /**
     * The x86 profile of the same build, or of 19041 for the Windows 11 builds, which have no x86
     * kernel; the heads of the 32-bit user-mode structures the sample writes did not change
     * between those builds.
     */
    private static WindowsProfile companion32(WindowsProfile profile) {
        return Profiles.byBuildNumber(profile.buildNumber(), false).orElseGet(() -> Profiles.byId("win10-19041-x86"));
    }

    void reserveProcessIds(java.util.Collection<Integer> pids) {
        processIds.addAll(pids);
    }

    /** The next thread id: multiples of 4 from the same id space as processes, skipping theirs. */
    int nextThreadId() {
        while (processIds.contains(nextThreadId)) {
            nextThreadId += 4;
        }
        int tid = nextThreadId;
        nextThreadId += 4;
        return tid;
    }

    /** A user view of memory under {@code root}. */
    VirtualMemory userMemory(long root) {
        return new VirtualMemory(memory, tables, root, profile.pointerSize());
    }
}
