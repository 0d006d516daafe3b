package org.memvfs.win.sample;

import java.util.List;

/**
 * One process of the sample's catalog, before it is written.
 *
 * @param name          the executable's file name, e.g. {@code svchost.exe} ({@code System}, {@code Registry} for kernel processes)
 * @param pid           its process id
 * @param ppid          its parent's id (the parent may have exited and left the list)
 * @param kind          what sort of process it is
 * @param dosPath       the executable's DOS path ({@code C:\Windows\System32\svchost.exe}); empty for kernel processes
 * @param commandLine   ProcessParameters.CommandLine
 * @param session       its session
 * @param startSeconds  when it was created, in seconds after boot
 * @param threads       how many threads it has
 * @param dlls          the DLLs it loads after the executable, in load order (ntdll first)
 * @param gui           whether it is a GUI-subsystem program
 * @param protection    _PS_PROTECTION as a byte (0 for none)
 * @param role          the one special job this process has in the sample, if any
 */
record ProcessSpec(String name, int pid, int ppid, Kind kind, String dosPath, String commandLine, int session,
        double startSeconds, int threads, List<String> dlls, boolean gui, int protection, Role role) {

    /** How the process lives. */
    enum Kind {
        /** The System process: PID 4, kernel threads only, no PEB. */
        SYSTEM,
        /** A minimal process with a user address space of its own but no PEB (Registry, MemCompression). */
        KERNEL_ONLY,
        /** An ordinary user-mode process. */
        USER,
        /** A 32-bit program on a 64-bit system. */
        WOW64,
        /** A process that has exited but is still referenced, so still listed. */
        EXITED
    }

    /** The sample's special roles. */
    enum Role {
        NONE,
        /** Holds the planted string. */
        PLANTED,
        /** Has ten thousand VADs, as a browser does. */
        MANY_VADS,
        /** Holds the pages left not present on purpose (transition, paged out, prototype). */
        SOFTWARE_PAGES
    }

    ProcessSpec {
        dlls = List.copyOf(dlls);
    }

    /** ImageFileName as Windows stores it: the first 14 characters of the name. */
    String imageFileName() {
        return name.length() > 14 ? name.substring(0, 14) : name;
    }
}
