package org.memvfs.win.locate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.PagingCaches;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.SoftwareEntryResolver;
import org.memvfs.win.object.MemoryReader;
import org.memvfs.win.profile.GuidAge;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Finds the Windows kernel in an image that has no header saying where it is:
 * <ol>
 *   <li>a top page table: a given DTB, a CR3 from the image's notes, the x64 low stub, or a scan
 *       for a self-referencing table (x64, then x86 PAE, then 32-bit x86);</li>
 *   <li>under it, ntoskrnl by a PE scan of the kernel range (or at a given base);</li>
 *   <li>the kernel's PDB GUID+age from its CodeView record, its build number from
 *       KUSER_SHARED_DATA or its exports;</li>
 *   <li>a structure profile ({@link ProfileChoice}), validated against the image ({@link ProfileFit});</li>
 *   <li>the list heads, through KDBG (decoded if need be), symbol RVAs or exports ({@link ListHeads});</li>
 *   <li>System's own DirectoryTableBase as the kernel's table.</li>
 * </ol>
 * Every step is recorded with why, in {@link Discovery#steps()}.
 */
public final class KernelLocator {
    /** Candidate tables tried before giving up: each costs a scan of the kernel range. */
    private static final int MAX_TABLES = 24;

    private KernelLocator() {
    }

    /**
     * @param symbols       an ISF file or a directory of them ({@code --symbols}), or null
     * @param profileId     a built-in profile to use ({@code --profile}), or null
     * @param maxProcesses  how long the process list may be when checking a profile
     * @throws KernelNotFoundException   when no table maps a kernel
     * @throws ProfileMismatchException  when no profile, or the one given, fits the image
     */
    public static Discovery locate(PagingCaches caches, KernelHints hints, Path symbols, String profileId,
            int maxProcesses) {
        Steps steps = new Steps();
        TopTables tables = new TopTables(caches.memory(), hints, steps);
        KernelImage kernel = null;
        MemoryReader reader = null;
        TopTable table = null;
        for (int tried = 0; tried < MAX_TABLES && tables.hasNext(); tried++) {
            table = tables.next();
            steps.add("top page table candidate: " + table.how());
            AddressSpace space = new AddressSpace(caches, table.mode(), table.root(), SoftwareEntryResolver.NONE);
            reader = new MemoryReader(space, isX64(table.mode()) ? Long.BYTES : Integer.BYTES);
            Optional<KernelImage> found;
            if (hints.kernelBase() != null) {
                found = KernelImageScan.at(reader, hints.kernelBase());
                steps.add(found.map(k -> "ntoskrnl at the given base: " + KernelImageScan.describe(k))
                        .orElse("no PE image with exports at the given kernel base " + hints.kernelBase()));
            } else {
                found = KernelImageScan.find(space, reader, table.entryPoint(), steps);
            }
            if (found.isPresent()) {
                kernel = found.get();
                break;
            }
        }
        if (kernel == null) {
            throw new KernelNotFoundException("no Windows kernel found in " + caches.memory().description() + ": "
                    + String.join("; ", steps.lines()), MemoryException.Context.NONE);
        }
        Optional<GuidAge> guid = kernel.codeView().map(PeImage.CodeView::guidAge);
        steps.add(kernel.codeView().map(cv -> "kernel PDB " + cv.pdbName() + ", GUID+age " + cv.guidAge()
                + " (CodeView record at " + cv.record() + ")").orElse("ntoskrnl has no RSDS CodeView record"));
        Optional<WindowsProfile> listed = guid.flatMap(g -> Profiles.byGuidAge(g.toString()));
        Optional<BuildProbe.Build> build = BuildProbe.probe(reader, kernel, listed, steps);

        List<ProfileChoice> choices = ProfileChoice.candidates(symbols, profileId, guid, listed, build, table.mode(), steps);
        List<String> rejected = new ArrayList<>();
        for (ProfileChoice choice : choices) {
            Steps scratch = new Steps();
            boolean rvasValid = guid.isPresent() && choice.profile().guidAge().filter(guid.get().toString()::equals).isPresent();
            ProfileFit fit;
            if (choice.profile().pointerSize() != reader.pointerSize()) {
                fit = new ProfileFit(null, null, null, null, 0, List.of("a " + choice.profile().pointerSize() * 8
                        + "-bit profile for a " + reader.pointerSize() * 8 + "-bit kernel"), List.of());
            } else {
                ListHeads heads = ListHeads.find(choice.profile(), reader, kernel, hints, rvasValid, scratch);
                fit = ProfileFit.check(choice.profile(), reader, kernel, heads, maxProcesses);
                if (fit.fits()) {
                    return found(steps, scratch, choice, fit, heads, table, kernel, guid, build, reader, rejected);
                }
            }
            String failure = choice.profile().id() + " does not fit: " + String.join("; ", fit.failures());
            steps.add(failure);
            rejected.add(failure);
            if (choice.forced()) {
                throw new ProfileMismatchException(choice.why() + ": " + failure, MemoryException.Context.NONE
                        .withRoot(table.root()));
            }
        }
        throw new ProfileMismatchException("no structure profile fits the kernel at " + kernel.base()
                + (choices.isEmpty() ? "" : ": " + String.join(" | ", rejected))
                + "; give a symbol file with --symbols", MemoryException.Context.NONE.withRoot(table.root()));
    }

    private static Discovery found(Steps steps, Steps scratch, ProfileChoice choice, ProfileFit fit, ListHeads heads,
            TopTable table, KernelImage kernel, Optional<GuidAge> guid, Optional<BuildProbe.Build> build,
            MemoryReader reader, List<String> rejected) {
        scratch.lines().forEach(steps::add);
        List<String> reasons = new ArrayList<>(rejected);
        reasons.add("chosen: " + choice.profile() + ": " + choice.why());
        reasons.add(choice.profile().id() + " fits: System at " + fit.system() + " is PID 4 named System, "
                + (fit.warnings().isEmpty() ? "its ActiveProcessLinks close over " + fit.processes()
                        + " entries with every Blink pointing back"
                        : "a neighbour on ActiveProcessLinks points back at it") + ", and its DirectoryTableBase maps it");
        fit.warnings().forEach(w -> steps.add("process list: " + w));
        reasons.forEach(r -> steps.add("profile: " + r));
        steps.add("System EPROCESS " + fit.system() + (kernel.export("PsInitialSystemProcess").isPresent()
                ? " (from PsInitialSystemProcess)" : " (the first entry after the list head)"));
        steps.add("PsActiveProcessHead " + fit.processHead() + " (" + fit.processHeadHow() + ")");
        steps.add(heads.moduleList() == null ? "no PsLoadedModuleList: kernel modules cannot be listed"
                : "PsLoadedModuleList " + heads.moduleList() + " (" + heads.moduleHow() + ")");
        if (!fit.systemDtb().equals(table.root())) {
            steps.add("kernel tables: System's DirectoryTableBase " + fit.systemDtb() + " instead of " + table.root());
        } else {
            steps.add("kernel tables: " + table.root() + ", System's own DirectoryTableBase");
        }
        return new Discovery(table.mode(), fit.systemDtb(), kernel.base(), kernel.size(), guid.map(GuidAge::toString),
                kernel.codeView().map(PeImage.CodeView::pdbName),
                build.map(b -> OptionalInt.of(b.number())).orElse(OptionalInt.empty()), choice.profile(), fit.system(),
                fit.processHead(), Optional.ofNullable(heads.moduleList()),
                Optional.ofNullable(heads.kdbg()).map(Kdbg::address),
                heads.kdbg() != null && heads.kdbg().encoded(), reasons, steps.lines());
    }

    private static boolean isX64(PagingMode mode) {
        return mode == PagingMode.X64_4LEVEL || mode == PagingMode.X64_5LEVEL;
    }
}
