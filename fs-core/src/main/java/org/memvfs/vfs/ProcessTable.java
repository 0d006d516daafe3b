package org.memvfs.vfs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.memvfs.vfs.os.OsProcess;

/**
 * One reading of the process list, indexed the two ways the tree names processes:
 * {@code pid/<pid>} and {@code name/<name>-<pid>}. A pid listed twice keeps its first process
 * under {@code pid/}; every process appears under {@code name/}.
 */
final class ProcessTable {
    private final List<OsProcess> processes;
    private final Map<String, OsProcess> byPid = new LinkedHashMap<>();
    private final Map<String, OsProcess> byName = new LinkedHashMap<>();

    ProcessTable(List<OsProcess> listed) {
        List<OsProcess> sorted = new ArrayList<>(listed);
        sorted.sort(java.util.Comparator.comparingInt(OsProcess::pid));
        this.processes = Collections.unmodifiableList(sorted);
        for (OsProcess process : sorted) {
            byPid.putIfAbsent(Integer.toString(process.pid()), process);
            String name = safeName(process.name()) + "-" + process.pid();
            String unique = name;
            for (int n = 2; byName.containsKey(unique); n++) {
                unique = name + "-" + n;
            }
            byName.put(unique, process);
        }
    }

    /** Processes ascending by pid. */
    List<OsProcess> processes() {
        return processes;
    }

    Map<String, OsProcess> byPid() {
        return byPid;
    }

    Map<String, OsProcess> byName() {
        return byName;
    }

    /** A process name as a file name: no slashes, no control characters, never empty. */
    static String safeName(String name) {
        StringBuilder safe = new StringBuilder();
        name.codePoints().forEach(c -> safe.appendCodePoint(c == '/' || c < 0x20 || c == 0x7f ? '_' : c));
        return safe.length() == 0 ? "unnamed" : safe.toString();
    }

    /** The identity of a process across readings of the list: pid and create time. */
    static String key(OsProcess process) {
        return process.pid() + "@" + process.createTime().map(t -> Long.toString(t.toEpochMilli())).orElse("-");
    }
}
