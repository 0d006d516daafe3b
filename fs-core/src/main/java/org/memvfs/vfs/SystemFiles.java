package org.memvfs.vfs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.memvfs.mmu.CacheStatistics;
import org.memvfs.vfs.os.OsKernel;
import org.memvfs.vfs.os.OsProcess;

/** The text of {@code sys/} and {@code conf/}: the process tree, the version, the cache statistics. */
final class SystemFiles {
    private SystemFiles() {
    }

    /** {@code sys/proc/proc.txt}: every process under its parent, indented one step per generation. */
    static String processTree(List<OsProcess> processes, List<String> problems) {
        Map<Integer, List<OsProcess>> children = new HashMap<>();
        Set<Integer> pids = new HashSet<>();
        processes.forEach(p -> pids.add(p.pid()));
        List<OsProcess> roots = new ArrayList<>();
        for (OsProcess process : processes) {
            if (process.ppid() != process.pid() && pids.contains(process.ppid())) {
                children.computeIfAbsent(process.ppid(), k -> new ArrayList<>()).add(process);
            } else {
                roots.add(process);
            }
        }
        StringBuilder text = new StringBuilder(String.format("%-40s %7s %7s  %-20s %s%n", "name", "pid", "ppid", "state",
                "created"));
        Set<OsProcess> shown = new HashSet<>();
        for (OsProcess root : roots) {
            appendTree(text, root, 0, children, shown);
        }
        for (OsProcess process : processes) {
            if (!shown.contains(process)) { // in a parent cycle: no root leads to it
                appendTree(text, process, 0, children, shown);
            }
        }
        for (String problem : problems) {
            text.append("# partial: ").append(problem).append('\n');
        }
        return text.toString();
    }

    private static void appendTree(StringBuilder text, OsProcess process, int depth, Map<Integer, List<OsProcess>> children,
            Set<OsProcess> shown) {
        if (!shown.add(process)) {
            return;
        }
        String name = "-".repeat(depth) + (depth > 0 ? " " : "") + process.name();
        text.append(String.format("%-40s %7d %7d  %-20s %s%n", name, process.pid(), process.ppid(), process.state(),
                Formats.time(process.createTime().orElse(null))));
        for (OsProcess child : children.getOrDefault(process.pid(), List.of())) {
            appendTree(text, child, depth + 1, children, shown);
        }
    }

    static String version(OsKernel kernel) {
        StringBuilder text = new StringBuilder(kernel.version()).append('\n');
        kernel.discovery().forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /** {@code conf/statistics.txt}: one line per cache. */
    static String statistics(OsKernel kernel) {
        StringBuilder text = new StringBuilder(String.format("%-16s %12s %12s %10s %10s %12s %12s%n", "cache", "hits", "misses",
                "hit-rate", "evictions", "entries", "bytes/max"));
        for (CacheStatistics s : kernel.caches().statistics()) {
            text.append(String.format("%-16s %12d %12d %9.1f%% %10d %12d %s/%s%n", s.name(), s.hits(), s.misses(),
                    100 * s.hitRate(), s.evictions(), s.entries(), s.weightBytes(), s.maxBytes()));
        }
        return text.toString();
    }
}
