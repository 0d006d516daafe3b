package org.memvfs.win.locate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.win.object.ListWalk;
import org.memvfs.win.object.MemoryReader;
import org.memvfs.win.object.StructView;
import org.memvfs.win.object.WalkResult;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Whether a profile fits the image, by reading the System process with its offsets: System
 * (from the {@code PsInitialSystemProcess} export, else the first entry after the list head) must
 * be PID 4 named {@code System}; at least one of its two neighbours on ActiveProcessLinks must point
 * back at it (a wrong profile gets both wrong, one corrupt neighbour leaves the other);
 * the list head, when known, must be on the ring (when not, it is the entry before System, inside
 * ntoskrnl); its DirectoryTableBase must map its own EPROCESS where the kernel's tables do. A wrong
 * profile reads garbage at these offsets and fails at least one check; a corrupt entry further down
 * the list is only a warning, so that one bad link does not hide the whole image.
 *
 * @param system      the System EPROCESS, or null when it could not be found
 * @param processHead the process list head (found here when no other source named it), or null
 * @param systemDtb   System's DirectoryTableBase as a table root, or null
 * @param processes   entries on the process list
 * @param failures    what did not fit; empty when the profile fits
 * @param warnings    what is wrong further down the process list: a corrupt entry there does not make
 *                    the profile wrong, and the process walk will report it again
 */
record ProfileFit(Va system, Va processHead, String processHeadHow, Pa systemDtb, int processes, List<String> failures,
        List<String> warnings) {
    private static final long SYSTEM_PID = 4;
    private static final String SYSTEM_NAME = "System";
    private static final int IMAGE_FILE_NAME_BYTES = 15;

    boolean fits() {
        return failures.isEmpty();
    }

    static ProfileFit check(WindowsProfile profile, MemoryReader reader, KernelImage kernel, ListHeads heads,
            int maxProcesses) {
        List<String> failures = new ArrayList<>();
        Va system = findSystem(profile, reader, kernel, heads, failures);
        if (system == null) {
            return new ProfileFit(null, heads.processHead(), heads.processHow(), null, 0, failures, List.of());
        }
        StructView eprocess = new StructView(profile, reader, "_EPROCESS", system, "System process");
        try {
            long pid = eprocess.pointerSized("UniqueProcessId");
            if (pid != SYSTEM_PID) {
                failures.add("_EPROCESS.UniqueProcessId of System at " + system + " reads " + Hex.of(pid) + ", not 4");
            }
            String name = eprocess.asciiz("ImageFileName", IMAGE_FILE_NAME_BYTES);
            if (!name.equals(SYSTEM_NAME)) {
                failures.add("_EPROCESS.ImageFileName of System at " + system + " reads '" + name + "', not 'System'");
            }
        } catch (MemoryException e) {
            failures.add(e.what());
        }
        Va links = eprocess.fieldAddress("ActiveProcessLinks");
        Va head = heads.processHead();
        String headHow = heads.processHow();
        List<String> warnings = new ArrayList<>();
        int processes = 0;
        int flink = profile.offset("_LIST_ENTRY", "Flink");
        int blink = profile.offset("_LIST_ENTRY", "Blink");
        try {
            Va after = reader.pointer(links.plus(flink), "ActiveProcessLinks of System at " + links + " (Flink)");
            Va before = reader.pointer(links.plus(blink), "ActiveProcessLinks of System at " + links + " (Blink)");
            String forward = pointsBack(reader, after, blink, links, "Blink");
            String backward = pointsBack(reader, before, flink, links, "Flink");
            if (forward != null && backward != null) {
                failures.add("neither neighbour of System on ActiveProcessLinks points back at it: " + forward + "; "
                        + backward);
            } else if (forward != null || backward != null) {
                warnings.add("one neighbour of System on ActiveProcessLinks does not point back at it: "
                        + (forward != null ? forward : backward));
            }
            if (head == null) {
                head = before;
                headHow = "the entry before System on ActiveProcessLinks";
                if (!kernel.contains(head)) {
                    failures.add("the entry before System on ActiveProcessLinks (" + head
                            + ") is not inside ntoskrnl, so it is no PsActiveProcessHead");
                }
            }
        } catch (MemoryException e) {
            failures.add(e.what());
        }
        if (failures.isEmpty()) {
            WalkResult<Va> ring = ListWalk.entries(profile, reader, links, maxProcesses + 1, "ActiveProcessLinks from System");
            processes = ring.items().size();
            warnings.addAll(ring.problems());
            if (ring.isComplete() && !head.equals(links) && !ring.items().contains(head)) {
                failures.add("the process list head " + head + " (" + headHow + ") is not on System's ActiveProcessLinks");
            }
        }
        Pa systemDtb = null;
        try {
            long raw = eprocess.pointerSized("Pcb.DirectoryTableBase");
            systemDtb = reader.space().mode().rootOf(raw);
            Translation own = reader.space().withRoot(systemDtb).translate(system);
            Optional<Pa> expected = reader.space().translate(system).pa();
            if (!own.pa().equals(expected)) {
                failures.add("_KPROCESS.DirectoryTableBase of System reads " + Hex.of(raw) + ", whose tables do not map "
                        + "System's EPROCESS as the kernel's do (" + own.describe() + ")");
            }
        } catch (MemoryException e) {
            failures.add(e.what());
        }
        return new ProfileFit(system, head, headHow, systemDtb, processes, failures, warnings);
    }

    /** Null when the {@code link} of the entry at {@code neighbour} is {@code links}; else what it is instead. */
    private static String pointsBack(MemoryReader reader, Va neighbour, int link, Va links, String name) {
        if (neighbour.value() == 0) {
            return "a null neighbour";
        }
        try {
            Va back = reader.pointer(neighbour.plus(link), "ActiveProcessLinks entry at " + neighbour + " (" + name + ")");
            return back.equals(links) ? null : "the " + name + " of " + neighbour + " is " + back;
        } catch (MemoryException e) {
            return e.what();
        }
    }

    private static Va findSystem(WindowsProfile profile, MemoryReader reader, KernelImage kernel, ListHeads heads,
            List<String> failures) {
        Optional<Va> export = kernel.export("PsInitialSystemProcess");
        try {
            if (export.isPresent()) {
                Va system = reader.pointer(export.get(), "PsInitialSystemProcess at " + export.get());
                if (system.value() != 0) {
                    return system;
                }
                failures.add("PsInitialSystemProcess at " + export.get() + " is null");
            }
            if (heads.processHead() != null) {
                Va first = reader.pointer(heads.processHead().plus(profile.offset("_LIST_ENTRY", "Flink")),
                        "process list head at " + heads.processHead());
                return first.plus(-profile.offset("_EPROCESS", "ActiveProcessLinks"));
            }
        } catch (MemoryException e) {
            failures.add(e.what());
            return null;
        }
        failures.add("no PsInitialSystemProcess export and no process list head: System cannot be found");
        return null;
    }
}
