package org.memvfs.vfs.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.WalkStep;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;
import org.memvfs.win.sample.SampleImage;
import org.memvfs.win.sample.SampleImages;
import org.memvfs.win.sample.SampleManifest;
import org.memvfs.win.sample.SampleModule;
import org.memvfs.win.sample.SampleProcess;
import org.memvfs.win.sample.SampleThread;
import org.memvfs.win.sample.SampleVad;

/**
 * One built sample image and where its structures are: every EPROCESS, thread, VAD node, PEB,
 * loader entry, PE header, name and page table the builder's manifest names, each located in
 * physical memory by translating its address with mmu through the image's own tables. The fuzzer
 * aims its mutations at these.
 */
final class FuzzSample {
    /** The kinds of structure a mutation can aim at. */
    enum Structure {
        PAGE_TABLE, EPROCESS, PROCESS_LINKS, THREAD, THREAD_LINKS, VAD, PEB, LDR, LDR_LINKS, PE_HEADER, NAME
    }

    /**
     * One structure: its kind, whose it is, and where: a virtual address under {@code root}, or a
     * physical address when {@code root} is null (page tables).
     *
     * @param pid     the process it belongs to, or -1 for the kernel's own
     * @param links   offsets within it of pointers to other structures (list links, tree children)
     */
    record Target(Structure kind, int pid, String what, Pa root, long address, int length, List<Integer> links) {
        boolean isPhysical() {
            return root == null;
        }
    }

    private static final int PE_HEADER_BYTES = 0x400;
    private static final int PAGE = FuzzedMemory.PAGE;

    private final String profileId;
    private final SampleImage image;
    private final WindowsProfile profile;
    private final NavigableMap<Long, byte[]> frames;
    private final FuzzedMemory clean;
    private final AddressSpace kernelSpace;
    private final Map<Structure, List<Target>> targets = new EnumMap<>(Structure.class);

    private FuzzSample(String profileId) {
        this.profileId = profileId;
        this.image = SampleImages.build(profileId);
        this.profile = Profiles.byId(profileId);
        this.frames = Collections.unmodifiableNavigableMap(nonZeroFrames(image));
        this.clean = new FuzzedMemory(profileId, frames, image.physicalSize());
        this.kernelSpace = AddressSpace.of(clean, manifest().mode(), manifest().systemDtb());
        for (Structure kind : Structure.values()) {
            targets.put(kind, new ArrayList<>());
        }
        locate();
    }

    static FuzzSample build(String profileId) {
        return new FuzzSample(profileId);
    }

    private static NavigableMap<Long, byte[]> nonZeroFrames(SampleImage image) {
        NavigableMap<Long, byte[]> frames = new TreeMap<>();
        for (long frame = 0; frame < image.physicalSize() / PAGE; frame++) {
            byte[] bytes = image.readPhysical(new Pa(frame * PAGE), PAGE);
            for (byte b : bytes) {
                if (b != 0) {
                    frames.put(frame, bytes);
                    break;
                }
            }
        }
        return frames;
    }

    String profileId() {
        return profileId;
    }

    SampleImage image() {
        return image;
    }

    SampleManifest manifest() {
        return image.manifest();
    }

    WindowsProfile profile() {
        return profile;
    }

    int pointerSize() {
        return profile.pointerSize();
    }

    /** A fresh, unchanged copy of the image to corrupt. */
    FuzzedMemory copy() {
        return new FuzzedMemory(profileId, frames, image.physicalSize());
    }

    List<Target> targets(Structure kind) {
        return targets.get(kind);
    }

    /** The address space of a process of the unchanged image (or the kernel's, for {@code root} = System's). */
    AddressSpace space(Pa root) {
        return root.equals(kernelSpace.root()) ? kernelSpace : kernelSpace.withRoot(root);
    }

    AddressSpace kernelSpace() {
        return kernelSpace;
    }

    Pa rootOf(SampleProcess process) {
        return manifest().mode().rootOf(process.dtb().value());
    }

    /** Where byte {@code offset} of {@code target} is in physical memory; empty when that page does not translate. */
    Optional<Pa> physical(Target target, long offset) {
        if (target.isPhysical()) {
            return Optional.of(new Pa(target.address() + offset));
        }
        Translation t = space(target.root()).translate(new Va(target.address() + offset));
        return t.isMapped() && t.reason() == null ? t.pa() : Optional.empty();
    }

    /** A pointer-sized value of the unchanged image at {@code va} under {@code root}, or 0 when it does not read. */
    long pointerAt(Pa root, Va va) {
        ByteBuffer bytes = ByteBuffer.allocate(pointerSize()).order(ByteOrder.LITTLE_ENDIAN);
        if (!space(root).read(va, bytes).isComplete()) {
            return 0;
        }
        return pointerSize() == Long.BYTES ? bytes.getLong(0) : bytes.getInt(0) & 0xffff_ffffL;
    }

    /** An address under {@code root} that does not translate, near {@code hint}: a link aimed there cannot be followed. */
    Va unmapped(Pa root, long hint) {
        AddressSpace space = space(root);
        long va = hint;
        for (int tried = 0; tried < 4096; tried++, va += 0x10_0000) {
            if (!space.translate(new Va(va)).isMapped()) {
                return new Va(va);
            }
        }
        throw new IllegalStateException("everything from " + new Va(hint) + " on is mapped under " + root);
    }

    private void locate() {
        SampleManifest m = manifest();
        Pa kernelRoot = m.systemDtb();
        int eprocessSize = profile.structSize("_EPROCESS");
        int ethreadSize = profile.structSize("_ETHREAD");
        int vadSize = profile.structSize("_MMVAD");
        int ldrSize = profile.structSize("_LDR_DATA_TABLE_ENTRY");
        int pebSize = profile.structSize("_PEB");
        int listFlink = profile.offset("_LIST_ENTRY", "Flink");
        int listBlink = profile.offset("_LIST_ENTRY", "Blink");
        int processLinks = profile.offset("_EPROCESS", "ActiveProcessLinks");
        int threadHead = profile.offset("_EPROCESS", "ThreadListHead");
        int threadLinks = profile.offset("_ETHREAD", "ThreadListEntry");
        int ldrLinks = profile.offset("_LDR_DATA_TABLE_ENTRY", "InLoadOrderLinks");
        List<Integer> vadChildren = vadChildren();
        Set<Long> tables = new LinkedHashSet<>();
        addTables(tables, kernelSpace.walk(m.processes().get(0).eprocess()));
        for (SampleProcess p : m.processes()) {
            Pa root = rootOf(p);
            long eprocess = p.eprocess().value();
            String owner = "pid " + p.pid();
            add(Structure.EPROCESS, p.pid(), "EPROCESS of " + owner, kernelRoot, eprocess, eprocessSize,
                    List.of(processLinks + listFlink, processLinks + listBlink, threadHead + listFlink,
                            threadHead + listBlink, profile.offset("_EPROCESS", "Peb")));
            add(Structure.PROCESS_LINKS, p.pid(), "ActiveProcessLinks of " + owner, kernelRoot, eprocess + processLinks,
                    2 * pointerSize(), List.of(listFlink, listBlink));
            add(Structure.THREAD_LINKS, p.pid(), "ThreadListHead of " + owner, kernelRoot, eprocess + threadHead,
                    2 * pointerSize(), List.of(listFlink, listBlink));
            add(Structure.NAME, p.pid(), "ImageFileName of " + owner, kernelRoot,
                    eprocess + profile.offset("_EPROCESS", "ImageFileName"), 15, List.of());
            for (SampleThread t : p.threads()) {
                long ethread = t.ethread().value();
                add(Structure.THREAD, p.pid(), "ETHREAD " + t.tid() + " of " + owner, kernelRoot, ethread, ethreadSize,
                        List.of(threadLinks + listFlink, threadLinks + listBlink));
                add(Structure.THREAD_LINKS, p.pid(), "ThreadListEntry of thread " + t.tid() + " of " + owner, kernelRoot,
                        ethread + threadLinks, 2 * pointerSize(), List.of(listFlink, listBlink));
            }
            for (SampleVad v : p.vads()) {
                add(Structure.VAD, p.pid(), "VAD " + v.start() + " of " + owner, kernelRoot, v.node().value(), vadSize,
                        vadChildren);
            }
            if (p.peb() == null || !p.isRunning()) {
                continue;
            }
            addTables(tables, space(root).walk(p.peb()));
            add(Structure.PEB, p.pid(), "PEB of " + owner, root, p.peb().value(), pebSize,
                    List.of(profile.offset("_PEB", "Ldr"), profile.offset("_PEB", "ProcessParameters")));
            long parameters = pointerAt(root, p.peb().plus(profile.offset("_PEB", "ProcessParameters")));
            if (parameters != 0) {
                unicodeString(p.pid(), "CommandLine of " + owner, root,
                        parameters + profile.offset("_RTL_USER_PROCESS_PARAMETERS", "CommandLine"));
            }
            for (SampleModule module : p.modules()) {
                long entry = module.entry().value();
                String name = module.baseName() + " of " + owner;
                add(Structure.LDR, p.pid(), "LDR entry of " + name, root, entry, ldrSize,
                        List.of(ldrLinks + listFlink, ldrLinks + listBlink));
                add(Structure.LDR_LINKS, p.pid(), "InLoadOrderLinks of " + name, root, entry + ldrLinks,
                        2 * pointerSize(), List.of(listFlink, listBlink));
                add(Structure.PE_HEADER, p.pid(), "PE header of " + name, root, module.base().value(), PE_HEADER_BYTES,
                        List.of());
                unicodeString(p.pid(), "FullDllName of " + name, root,
                        entry + profile.offset("_LDR_DATA_TABLE_ENTRY", "FullDllName"));
                unicodeString(p.pid(), "BaseDllName of " + name, root,
                        entry + profile.offset("_LDR_DATA_TABLE_ENTRY", "BaseDllName"));
            }
        }
        add(Structure.PE_HEADER, -1, "PE header of ntoskrnl", kernelRoot, m.kernelBase().value(), PE_HEADER_BYTES, List.of());
        for (SampleModule module : m.kernelModules()) {
            add(Structure.PE_HEADER, -1, "PE header of kernel module " + module.baseName(), kernelRoot,
                    module.base().value(), PE_HEADER_BYTES, List.of());
        }
        for (long table : tables) {
            targets.get(Structure.PAGE_TABLE).add(new Target(Structure.PAGE_TABLE, -1, "page table at " + new Pa(table),
                    null, table, PAGE, List.of()));
        }
    }

    /** The child pointers of a VAD node, at their offsets in the build's layout. */
    private List<Integer> vadChildren() {
        if (profile.has("_MMVAD_SHORT", "LeftChild")) {
            return List.of(profile.offset("_MMVAD_SHORT", "LeftChild"), profile.offset("_MMVAD_SHORT", "RightChild"));
        }
        return List.of(profile.offset("_MMVAD_SHORT", "VadNode.Left"), profile.offset("_MMVAD_SHORT", "VadNode.Right"));
    }

    /** A UNICODE_STRING header and the text it points at. */
    private void unicodeString(int pid, String what, Pa root, long header) {
        int headerSize = profile.structSize("_UNICODE_STRING");
        int bufferOffset = profile.offset("_UNICODE_STRING", "Buffer");
        add(Structure.NAME, pid, what + " (UNICODE_STRING)", root, header, headerSize, List.of(bufferOffset));
        long buffer = pointerAt(root, new Va(header + bufferOffset));
        ByteBuffer length = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer != 0 && space(root).read(new Va(header), length).isComplete() && length.getShort(0) != 0) {
            add(Structure.NAME, pid, what + " (text)", root, buffer, length.getShort(0) & 0xffff, List.of());
        }
    }

    private static void addTables(Set<Long> tables, Translation walk) {
        for (WalkStep step : walk.steps()) {
            tables.add(step.table().alignDown(PAGE).value());
        }
    }

    private void add(Structure kind, int pid, String what, Pa root, long address, int length, List<Integer> links) {
        if (profile.is64Bit() || root == null) {
            targets.get(kind).add(new Target(kind, pid, what, root, address, length, links));
        } else {
            targets.get(kind).add(new Target(kind, pid, what, root, address & 0xffff_ffffL, length, links));
        }
    }

    @Override
    public String toString() {
        return profileId;
    }
}
