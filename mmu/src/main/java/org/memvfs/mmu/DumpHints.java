package org.memvfs.mmu;

import java.time.Instant;

/**
 * What an image's own header says about the imaged system, so that kernel discovery can skip the
 * scans it would otherwise do. A Windows crash dump fills most parts (its {@code DUMP_HEADER}); a
 * kdump or a VMware checkpoint fills a few. Every part is optional: null when the header does not
 * record it, or records the {@code PAGE} filler Windows leaves in fields it never set.
 *
 * @param directoryTableBase  the kernel's CR3 as the header records it ({@code DirectoryTableBase}; the
 *                            CR3 of vCPU 0 in a VMware checkpoint), flag and PCID bits included
 * @param psActiveProcessHead the process list head ({@code PsActiveProcessHead})
 * @param psLoadedModuleList  the kernel-module list head ({@code PsLoadedModuleList})
 * @param kdDebuggerDataBlock the KDBG block ({@code KdDebuggerDataBlock})
 * @param pfnDatabase         the PFN database ({@code PfnDataBase})
 * @param machineImageType    the machine as a PE machine code ({@code MachineImageType}: 0x8664 x86-64,
 *                            0x14c x86, 0xaa64 arm64)
 * @param numberProcessors    how many CPUs the system had ({@code NumberProcessors})
 * @param systemTime          when the image was taken ({@code SystemTime})
 * @param buildNumber         the Windows build ({@code MinorVersion} of the dump header)
 * @param paeEnabled          whether a 32-bit Windows kernel ran with PAE paging ({@code PaeEnabled})
 */
public record DumpHints(Pa directoryTableBase, Va psActiveProcessHead, Va psLoadedModuleList, Va kdDebuggerDataBlock,
        Va pfnDatabase, Integer machineImageType, Integer numberProcessors, Instant systemTime, Integer buildNumber,
        Boolean paeEnabled) {
    public static final DumpHints NONE = new DumpHints(null, null, null, null, null, null, null, null, null, null);

    /** IMAGE_FILE_MACHINE_AMD64. */
    public static final int MACHINE_AMD64 = 0x8664;
    /** IMAGE_FILE_MACHINE_I386. */
    public static final int MACHINE_I386 = 0x14c;
    /** IMAGE_FILE_MACHINE_ARM64. */
    public static final int MACHINE_ARM64 = 0xaa64;

    public DumpHints withDirectoryTableBase(Pa dtb) {
        return new DumpHints(dtb, psActiveProcessHead, psLoadedModuleList, kdDebuggerDataBlock, pfnDatabase,
                machineImageType, numberProcessors, systemTime, buildNumber, paeEnabled);
    }

    public DumpHints withListHeads(Va processes, Va modules) {
        return new DumpHints(directoryTableBase, processes, modules, kdDebuggerDataBlock, pfnDatabase,
                machineImageType, numberProcessors, systemTime, buildNumber, paeEnabled);
    }

    public DumpHints withKdDebuggerDataBlock(Va kdbg) {
        return new DumpHints(directoryTableBase, psActiveProcessHead, psLoadedModuleList, kdbg, pfnDatabase,
                machineImageType, numberProcessors, systemTime, buildNumber, paeEnabled);
    }

    public DumpHints withPfnDatabase(Va pfns) {
        return new DumpHints(directoryTableBase, psActiveProcessHead, psLoadedModuleList, kdDebuggerDataBlock, pfns,
                machineImageType, numberProcessors, systemTime, buildNumber, paeEnabled);
    }

    public DumpHints withMachine(Integer imageType, Integer processors) {
        return new DumpHints(directoryTableBase, psActiveProcessHead, psLoadedModuleList, kdDebuggerDataBlock,
                pfnDatabase, imageType, processors, systemTime, buildNumber, paeEnabled);
    }

    public DumpHints withSystemTime(Instant time) {
        return new DumpHints(directoryTableBase, psActiveProcessHead, psLoadedModuleList, kdDebuggerDataBlock,
                pfnDatabase, machineImageType, numberProcessors, time, buildNumber, paeEnabled);
    }

    public DumpHints withBuild(Integer build, Boolean pae) {
        return new DumpHints(directoryTableBase, psActiveProcessHead, psLoadedModuleList, kdDebuggerDataBlock,
                pfnDatabase, machineImageType, numberProcessors, systemTime, build, pae);
    }

    /** Whether no part is known. */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
