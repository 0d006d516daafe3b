package org.memvfs.vfs;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.memvfs.mmu.Hex;
import org.memvfs.vfs.os.OsModule;

/**
 * {@code modules/}: {@code modules.txt}, one fixed-width line per loaded module (then a
 * {@code # partial:} line for each thing the loader lists could not read), and a directory per
 * module with {@code base.txt}, {@code size.txt}, {@code entry.txt} and {@code path.txt}, named
 * by the module's name made safe for a file name. A name loaded twice (a WoW64 process's 32-bit
 * ntdll.dll) gets its base appended.
 */
final class ModulesModule implements ProcessModule {
    private static final String HEADER = String.format("%6s %-32s %-16s %10s %-16s %s", "#", "name", "base", "size",
            "entry", "path");
    private static final int FIXED_WIDTH = HEADER.length() - "path".length();
    private static final int MAX_PATH_WIDTH = 1024;
    /** A module's directory name, before a base address is appended to tell two apart: within a file system's 255 bytes. */
    private static final int MAX_NAME_BYTES = 200;

    @Override
    public String directory() {
        return "modules";
    }

    @Override
    public void addEntries(ProcessContext context, EntriesDirectory directory) {
        List<OsModule> modules = context.process().modules();
        List<String> partial = Formats.partialLines(context.process().moduleProblems());
        int pathWidth = modules.stream().mapToInt(m -> m.path().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .max().orElse(0);
        int width = Formats.widthFor(FIXED_WIDTH + Math.max(4, Math.min(pathWidth, MAX_PATH_WIDTH)) + 1, partial);
        directory.add("modules.txt", () -> new FixedWidthFile(HEADER, width, modules.size() + partial.size(), i -> {
            if (i >= modules.size()) {
                return partial.get(i - modules.size());
            }
            OsModule m = modules.get(i);
            return String.format("%6d %-32s %s %10x %s %s", i, m.name(), m.base(), m.size(), Formats.va(m.entry()), m.path());
        }));
        Set<String> used = new HashSet<>();
        for (OsModule module : modules) {
            String safe = Formats.fileName(module.name(), MAX_NAME_BYTES);
            String name = used.add(safe) ? safe : safe + "-" + module.base();
            used.add(name);
            directory.add(name, () -> new EntriesDirectory()
                    .add("base.txt", () -> BytesFile.line(module.base().toString()))
                    .add("size.txt", () -> BytesFile.line(Hex.u64(module.size())))
                    .add("entry.txt", () -> BytesFile.line(Formats.va(module.entry())))
                    .add("path.txt", () -> BytesFile.line(module.path())));
        }
    }
}
