package org.memvfs.vfs;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.memvfs.mmu.Hex;
import org.memvfs.vfs.os.OsModule;

/**
 * {@code modules/}: {@code modules.txt}, one fixed-width line per loaded module, and a directory
 * per module with {@code base.txt}, {@code size.txt}, {@code entry.txt} and {@code path.txt}. A
 * name loaded twice (a WoW64 process's 32-bit ntdll.dll) gets its base appended.
 */
final class ModulesModule implements ProcessModule {
    private static final String HEADER = String.format("%6s %-32s %-16s %10s %-16s %s", "#", "name", "base", "size",
            "entry", "path");
    private static final int FIXED_WIDTH = HEADER.length() - "path".length();
    private static final int MAX_PATH_WIDTH = 1024;

    @Override
    public String directory() {
        return "modules";
    }

    @Override
    public void addEntries(ProcessContext context, EntriesDirectory directory) {
        List<OsModule> modules = context.process().modules();
        int pathWidth = modules.stream().mapToInt(m -> m.path().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .max().orElse(0);
        int width = FIXED_WIDTH + Math.max(4, Math.min(pathWidth, MAX_PATH_WIDTH)) + 1;
        directory.add("modules.txt", () -> new FixedWidthFile(HEADER, width, modules.size(), i -> {
            OsModule m = modules.get(i);
            return String.format("%6d %-32s %s %10x %s %s", i, m.name(), m.base(), m.size(), Formats.va(m.entry()), m.path());
        }));
        Set<String> used = new HashSet<>();
        for (OsModule module : modules) {
            String name = used.add(module.name()) ? module.name() : module.name() + "-" + module.base();
            used.add(name);
            directory.add(name, () -> new EntriesDirectory()
                    .add("base.txt", () -> BytesFile.line(module.base().toString()))
                    .add("size.txt", () -> BytesFile.line(Hex.u64(module.size())))
                    .add("entry.txt", () -> BytesFile.line(Formats.va(module.entry())))
                    .add("path.txt", () -> BytesFile.line(module.path())));
        }
    }
}
