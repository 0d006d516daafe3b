package org.memvfs.vfs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The modules every process directory is made of, in the order their entries are listed. */
final class ProcessModules {
    static final List<ProcessModule> ALL = List.of(
            new ProcessInfoModule(),
            new MemoryMapModule(),
            new ModulesModule(),
            new ThreadsModule(),
            new VirtToPhysModule(),
            new VmemdModule());

    private ProcessModules() {
    }

    /**
     * The directory of one process: the entries of the modules that fill it directly, and one
     * subdirectory per other module directory, made when first looked up (reading threads or
     * regions only when someone asks for them).
     */
    static Directory directoryOf(ProcessContext context) {
        EntriesDirectory top = new EntriesDirectory();
        Map<String, List<ProcessModule>> subdirectories = new LinkedHashMap<>();
        for (ProcessModule module : ALL) {
            if (module.directory().isEmpty()) {
                module.addEntries(context, top);
            } else {
                subdirectories.computeIfAbsent(module.directory(), name -> new ArrayList<>()).add(module);
            }
        }
        subdirectories.forEach((name, modules) -> top.add(name, new Memo<>(() -> {
            EntriesDirectory sub = new EntriesDirectory();
            modules.forEach(module -> module.addEntries(context, sub));
            return sub;
        })));
        return top;
    }
}
