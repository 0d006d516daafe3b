package org.memvfs.win.sample;

import java.util.List;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.Va;

/**
 * The sample builder's own record of what it wrote into an image, in its own terms. Tests compare
 * what the parser finds with it; the parser never reads it.
 *
 * @param profileId              the profile the image was laid out from ({@code win10-19041-x64} …)
 * @param buildNumber            NtBuildNumber as written to KUSER_SHARED_DATA (low 16 bits)
 * @param mode                   the paging mode of the image
 * @param systemDtb              the System process's DirectoryTableBase (the kernel's top table)
 * @param kernelBase             where ntoskrnl's image starts
 * @param kernelGuidAge          the CodeView GUID and age written into ntoskrnl (as {@code GuidAge#toString})
 * @param psActiveProcessHead    the list head inside ntoskrnl's data
 * @param psLoadedModuleList     the kernel-module list head inside ntoskrnl's data
 * @param kdDebuggerDataBlock    where the KDBG block is
 * @param kdbgEncoded            whether the KDBG block is stored encoded (x64 Win8+ with known key RVAs)
 * @param processes              every process in ActiveProcessLinks order from System on
 * @param kernelModules          PsLoadedModuleList in list order
 * @param planted                the recognisable string planted in one process's private memory
 * @param systemTime             KUSER_SHARED_DATA.SystemTime (FILETIME) at capture
 */
public record SampleManifest(String profileId, int buildNumber, PagingMode mode, Pa systemDtb, Va kernelBase,
        String kernelGuidAge, Va psActiveProcessHead, Va psLoadedModuleList, Va kdDebuggerDataBlock, boolean kdbgEncoded,
        List<SampleProcess> processes, List<SampleModule> kernelModules, SamplePlant planted, long systemTime) {

    /** The process with {@code pid}. */
    public SampleProcess process(int pid) {
        return processes.stream().filter(p -> p.pid() == pid).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the sample has no process " + pid));
    }
}
