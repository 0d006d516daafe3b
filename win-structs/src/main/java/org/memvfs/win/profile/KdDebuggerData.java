package org.memvfs.win.profile;

import java.util.Map;
import java.util.Set;

/**
 * The layout of the kernel debugger data block ({@code _KDDEBUGGER_DATA64} and the two structs it
 * uses). It is not in any kernel PDB, so the per-build files list it as missing; but it is a fixed
 * interface (wdbgexts.h), the same on every build and on x86 and x64, so every profile gets it
 * from {@code kddebugger_data64.json}. Newer builds append members; {@code Header.Size} in memory
 * says how much of the block is valid.
 */
final class KdDebuggerData {
    static final String RESOURCE = "kddebugger_data64.json";

    private static volatile Map<String, StructLayout> structs;

    private KdDebuggerData() {
    }

    /** Adds the debugger-data structs that {@code profileStructs} lacks, and drops them from {@code missing}. */
    static void supplement(Map<String, StructLayout> profileStructs, Map<String, String> missing) {
        structs().forEach((name, layout) -> {
            if (profileStructs.putIfAbsent(name, layout) == null) {
                missing.remove(name);
            }
        });
    }

    /** The names of the structs {@link #supplement} adds. */
    static Set<String> structNames() {
        return structs().keySet();
    }

    private static Map<String, StructLayout> structs() {
        Map<String, StructLayout> loaded = structs;
        if (loaded == null) {
            synchronized (KdDebuggerData.class) {
                loaded = structs;
                if (loaded == null) {
                    loaded = Map.copyOf(OffsetsJsonReader.structs(ProfileResources.json(RESOURCE).get("structs")));
                    structs = loaded;
                }
            }
        }
        return loaded;
    }
}
