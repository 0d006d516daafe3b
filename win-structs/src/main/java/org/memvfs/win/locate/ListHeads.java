package org.memvfs.win.locate;

import java.util.Optional;
import java.util.OptionalLong;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.Va;
import org.memvfs.win.object.MemoryReader;
import org.memvfs.win.profile.WindowsProfile;

/**
 * The heads of the process list (PsActiveProcessHead) and the kernel-module list
 * (PsLoadedModuleList), each from the first source that has it: a hint, the KDBG block, the
 * profile's symbol RVA (valid for this exact kernel only), ntoskrnl's exports. PsLoadedModuleList is
 * exported by every kernel; PsActiveProcessHead is not, and when nothing names it the profile check
 * takes it from System's ActiveProcessLinks (see {@link ProfileFit}).
 *
 * @param processHead null when no source named it
 * @param moduleList  null when no source named it
 * @param kdbg        null when no KDBG block was found
 */
record ListHeads(Va processHead, String processHow, Va moduleList, String moduleHow, Kdbg kdbg) {

    static ListHeads find(WindowsProfile profile, MemoryReader reader, KernelImage kernel, KernelHints hints,
            boolean rvasValid, Steps steps) {
        boolean headsGiven = hints.psActiveProcessHead() != null && hints.psLoadedModuleList() != null;
        Kdbg kdbg = headsGiven && hints.kdDebuggerDataBlock() == null ? null
                : Kdbg.find(profile, reader, kernel, hints, rvasValid, steps).orElse(null);
        int pointer = reader.pointerSize();
        Va processHead = null;
        String processHow = null;
        Va moduleList = null;
        String moduleHow = null;
        if (hints.psActiveProcessHead() != null) {
            processHead = hints.psActiveProcessHead();
            processHow = "given";
        } else if (kdbg != null && nonNull(kdbg.pointer("PsActiveProcessHead", pointer))) {
            processHead = kdbg.pointer("PsActiveProcessHead", pointer);
            processHow = "KDBG.PsActiveProcessHead";
        } else if (rvasValid && profile.symbolRva("PsActiveProcessHead").isPresent()) {
            processHead = bySymbol(kernel, profile.symbolRva("PsActiveProcessHead"));
            processHow = "ntoskrnl + " + Hex.of(profile.symbolRva("PsActiveProcessHead").getAsLong()) + " (symbol RVA)";
        } else if (kernel.export("PsActiveProcessHead").isPresent()) {
            processHead = kernel.export("PsActiveProcessHead").get();
            processHow = "ntoskrnl's export PsActiveProcessHead";
        }
        Optional<Va> exported = kernel.export("PsLoadedModuleList");
        if (hints.psLoadedModuleList() != null) {
            moduleList = hints.psLoadedModuleList();
            moduleHow = "given";
        } else if (kdbg != null && nonNull(kdbg.pointer("PsLoadedModuleList", pointer))) {
            moduleList = kdbg.pointer("PsLoadedModuleList", pointer);
            moduleHow = "KDBG.PsLoadedModuleList"
                    + exported.map(e -> e.equals(kdbg.pointer("PsLoadedModuleList", pointer))
                            ? ", the same as ntoskrnl's export" : ", but ntoskrnl exports " + e).orElse("");
        } else if (exported.isPresent()) {
            moduleList = exported.get();
            moduleHow = "ntoskrnl's export PsLoadedModuleList";
        } else if (rvasValid && profile.symbolRva("PsLoadedModuleList").isPresent()) {
            moduleList = bySymbol(kernel, profile.symbolRva("PsLoadedModuleList"));
            moduleHow = "ntoskrnl + " + Hex.of(profile.symbolRva("PsLoadedModuleList").getAsLong()) + " (symbol RVA)";
        }
        return new ListHeads(processHead, processHow, moduleList, moduleHow, kdbg);
    }

    private static boolean nonNull(Va va) {
        return va.value() != 0;
    }

    private static Va bySymbol(KernelImage kernel, OptionalLong rva) {
        return kernel.base().plus(rva.getAsLong());
    }

    /** The same heads with the process list head found another way. */
    ListHeads withProcessHead(Va head, String how) {
        return new ListHeads(head, how, moduleList, moduleHow, kdbg);
    }
}
