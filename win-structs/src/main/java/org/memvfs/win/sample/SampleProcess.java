package org.memvfs.win.sample;

import java.util.List;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;

/**
 * One process as the builder wrote it.
 *
 * @param eprocess          the EPROCESS body (after its _OBJECT_HEADER)
 * @param pid               UniqueProcessId
 * @param ppid              InheritedFromUniqueProcessId (may name a process that is not listed)
 * @param imageFileName     ImageFileName as stored: at most 15 characters
 * @param imagePath         SeAuditProcessCreationInfo's name: {@code \Device\HarddiskVolumeN\…}; empty for System
 * @param dtb               _KPROCESS.DirectoryTableBase
 * @param userDtb           _KPROCESS.UserDirectoryTableBase (KPTI), or null where the build or process has none
 * @param peb               the native PEB, or null (System, Registry)
 * @param peb32             the 32-bit PEB of a WoW64 process, or null
 * @param sessionId         the session (from the process's session, or -1 for none)
 * @param createTime        CreateTime (FILETIME)
 * @param exitTime          ExitTime (FILETIME), 0 while running
 * @param exitStatus        ExitStatus: 0x103 (STATUS_PENDING) while running
 * @param commandLine       the PEB's ProcessParameters.CommandLine, empty without a PEB
 * @param imagePathName     ProcessParameters.ImagePathName (a DOS path), empty without a PEB
 * @param currentDirectory  ProcessParameters.CurrentDirectory.DosPath, empty without a PEB
 * @param threads           ThreadListHead order
 * @param vads              ascending by start address
 * @param modules           the PEB LDR InLoadOrderModuleList, in list order
 * @param wow64Modules      the 32-bit LDR list of a WoW64 process, in list order; empty otherwise
 * @param softwarePages     user pages the builder left not present on purpose (transition, paged out, prototype)
 */
public record SampleProcess(Va eprocess, int pid, int ppid, String imageFileName, String imagePath, Pa dtb, Pa userDtb,
        Va peb, Va peb32, int sessionId, long createTime, long exitTime, int exitStatus, String commandLine,
        String imagePathName, String currentDirectory, List<SampleThread> threads, List<SampleVad> vads,
        List<SampleModule> modules, List<SampleModule> wow64Modules, List<SampleSoftwarePage> softwarePages) {

    public static final int STATUS_PENDING = 0x103;

    public boolean isRunning() {
        return exitStatus == STATUS_PENDING;
    }

    public boolean isWow64() {
        return peb32 != null;
    }
}
