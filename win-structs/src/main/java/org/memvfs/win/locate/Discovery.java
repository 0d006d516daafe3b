package org.memvfs.win.locate;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.WindowsProfile;

/**
 * What discovery found in an image and how, for {@code memvfs info} and for the kernel model.
 *
 * @param mode                the paging mode of the kernel
 * @param dtb                 the kernel's top page table: System's DirectoryTableBase
 * @param kernelBase          where ntoskrnl's image starts
 * @param kernelSize          its SizeOfImage
 * @param guidAge             the kernel PDB's GUID and age from its CodeView record ({@code GuidAge#toString})
 * @param pdbName             the PDB file name in that record ({@code ntkrnlmp.pdb} …)
 * @param buildNumber         the build number, when the image states it
 * @param profile             the structure profile chosen
 * @param systemProcess       the System EPROCESS
 * @param psActiveProcessHead the process list head
 * @param psLoadedModuleList  the kernel-module list head, when found
 * @param kdDebuggerDataBlock the KDBG block, when found
 * @param kdbgEncoded         whether that block was stored encoded
 * @param profileReasons      why the profile was chosen, one line each
 * @param steps               every step of discovery and why, one line each
 */
public record Discovery(PagingMode mode, Pa dtb, Va kernelBase, long kernelSize, Optional<String> guidAge,
        Optional<String> pdbName, OptionalInt buildNumber, WindowsProfile profile, Va systemProcess,
        Va psActiveProcessHead, Optional<Va> psLoadedModuleList, Optional<Va> kdDebuggerDataBlock, boolean kdbgEncoded,
        List<String> profileReasons, List<String> steps) {

    public Discovery {
        profileReasons = List.copyOf(profileReasons);
        steps = List.copyOf(steps);
    }

    /** The same discovery with one more step at the end. */
    public Discovery withStep(String line) {
        List<String> more = new java.util.ArrayList<>(steps);
        more.add(line);
        return new Discovery(mode, dtb, kernelBase, kernelSize, guidAge, pdbName, buildNumber, profile, systemProcess,
                psActiveProcessHead, psLoadedModuleList, kdDebuggerDataBlock, kdbgEncoded, profileReasons, more);
    }
}
