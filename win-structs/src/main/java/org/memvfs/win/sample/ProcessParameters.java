package org.memvfs.win.sample;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.memvfs.win.profile.WindowsProfile;

/**
 * A process's {@code _RTL_USER_PROCESS_PARAMETERS} in a private region of its own, as the creating
 * process allocates it: the structure, then the strings its UNICODE_STRINGs point at (normalised:
 * absolute pointers, Flags bit 0 set), then the environment block (UTF-16 {@code NAME=value}
 * strings, an empty string at the end).
 */
final class ProcessParameters {
    /** RTL_USER_PROC_PARAMS_NORMALIZED and the flags a normally started process has. */
    private static final int FLAGS = 0x6001;
    private static final int PAGE = PhysicalPages.PAGE;

    /** What the parameters say. */
    record Values(String imagePath, String commandLine, String currentDirectory, String windowTitle, String desktop,
            List<String> environment, boolean console) {
    }

    private ProcessParameters() {
    }

    /** Writes the parameters into a new region of {@code space}; returns their address. */
    static long write(WindowsProfile profile, UserSpace space, VirtualMemory memory, Values v) {
        String struct = "_RTL_USER_PROCESS_PARAMETERS";
        int structSize = profile.structSize(struct);
        List<String> strings = List.of(v.currentDirectory(), v.imagePath(), v.commandLine(), v.windowTitle(), v.desktop());
        int stringBytes = 0;
        for (String s : strings) {
            stringBytes += align(LittleEndian.utf16z(s).length);
        }
        byte[] environment = environment(v.environment());
        int total = align(structSize) + stringBytes;
        int pages = (total + environment.length + PAGE - 1) / PAGE;
        long start = space.reserve((long) pages * PAGE);
        space.privateRegion(start, (long) pages * PAGE, VadEntry.MM_READWRITE, true, 0, pages);
        StructWriter w = new StructWriter(profile, memory, struct, start);
        w.u32("MaximumLength", total).u32("Length", total).u32("Flags", FLAGS);
        if (v.console()) {
            w.ptr("ConsoleHandle", 0x4C).ptr("StandardInput", 0x50).ptr("StandardOutput", 0x54).ptr("StandardError", 0x54);
        }
        List<Long> buffers = new ArrayList<>();
        long at = start + align(structSize);
        for (String s : strings) {
            byte[] bytes = LittleEndian.utf16z(s);
            memory.write(at, bytes);
            buffers.add(at);
            at += align(bytes.length);
        }
        long env = at;
        memory.write(env, environment);
        w.at("CurrentDirectory", "_CURDIR").unicodeString("DosPath", v.currentDirectory(), buffers.get(0),
                LittleEndian.utf16z(v.currentDirectory()).length).ptr("Handle", 0x24);
        w.unicodeString("DllPath", "", 0, 0)
                .unicodeString("ImagePathName", v.imagePath(), buffers.get(1), LittleEndian.utf16z(v.imagePath()).length)
                .unicodeString("CommandLine", v.commandLine(), buffers.get(2), LittleEndian.utf16z(v.commandLine()).length)
                .ptr("Environment", env)
                .unicodeString("WindowTitle", v.windowTitle(), buffers.get(3), LittleEndian.utf16z(v.windowTitle()).length)
                .unicodeString("DesktopInfo", v.desktop(), buffers.get(4), LittleEndian.utf16z(v.desktop()).length)
                .u32("ShowWindowFlags", 1);
        if (w.has("EnvironmentSize")) {
            w.ptr("EnvironmentSize", environment.length);
        }
        return start;
    }

    private static byte[] environment(List<String> variables) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String variable : variables) {
            out.writeBytes(LittleEndian.utf16z(variable));
        }
        out.writeBytes(new byte[2]);
        return out.toByteArray();
    }

    private static int align(int bytes) {
        return (bytes + 7) & -8;
    }
}
