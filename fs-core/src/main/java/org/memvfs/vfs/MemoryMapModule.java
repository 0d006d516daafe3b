package org.memvfs.vfs;

import java.util.List;
import org.memvfs.mmu.MappedRun;
import org.memvfs.mmu.Va;
import org.memvfs.vfs.os.OsRegion;

/**
 * {@code memmap/}: the process's regions as the kernel records them ({@code vad.txt} on Windows,
 * one fixed-width line per region; an operating system with a text shape of its own, such as
 * Linux's {@code /proc/PID/maps}, gives its lines instead), each list ending with a
 * {@code # partial:} line for each thing that could not be read, and the mapped runs its page
 * tables hold ({@code pte.txt}, ending with a {@code # left out:} line for each table entry that
 * points back at a table on its own path, whose addresses translate but are not listed).
 */
final class MemoryMapModule implements ProcessModule {
    private static final String REGION_HEADER = String.format("%6s %-16s-%-16s %10s %-8s %-4s %-24s %-12s %s",
            "#", "start", "end", "pages", "kind", "perm", "protection", "flags", "file");
    private static final int REGION_FIXED_WIDTH = REGION_HEADER.length() - "file".length();
    private static final int MAX_FILE_WIDTH = 1024;

    @Override
    public String directory() {
        return "memmap";
    }

    @Override
    public void addEntries(ProcessContext context, EntriesDirectory directory) {
        String regionFile = context.kernel().regionFileName();
        directory.add(regionFile, () -> {
            List<String> partial = Formats.partialLines(context.process().regionProblems());
            return context.process().regionLines()
                    .<FileNode>map(lines -> context.text("memmap/" + regionFile, () -> joinLines(lines) + joinLines(partial)))
                    .orElseGet(() -> regionTable(context.process().regions(), partial));
        });
        directory.add("pte.txt", () -> context.text("memmap/pte.txt", () -> pageTable(context)));
    }

    private static FixedWidthFile regionTable(List<OsRegion> regions, List<String> partial) {
        int fileWidth = regions.stream().mapToInt(r -> r.file().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .max().orElse(0);
        int width = Formats.widthFor(REGION_FIXED_WIDTH + Math.max(4, Math.min(fileWidth, MAX_FILE_WIDTH)) + 1, partial);
        return new FixedWidthFile(REGION_HEADER, width, regions.size() + partial.size(), i -> {
            if (i >= regions.size()) {
                return partial.get(i - regions.size());
            }
            OsRegion r = regions.get(i);
            return String.format("%6d %s-%s %10x %-8s %-4s %-24s %-12s %s", i, r.start(), r.end(), r.size() / 4096,
                    r.kind(), r.permissions(), r.protection(), r.flags(), r.file());
        });
    }

    private static String joinLines(List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    /** The user half's mapped runs: virtually contiguous pages with the same access. */
    private static String pageTable(ProcessContext context) {
        StringBuilder text = new StringBuilder(String.format("%6s %-16s-%-16s %10s %-4s %s%n", "#", "start", "end",
                "pages", "perm", "flags"));
        long userEnd = context.process().userSpaceSize() - 1;
        int[] index = {0};
        List<String> leftOut = new java.util.ArrayList<>();
        context.process().addressSpace().mappings(new Va(0), new Va(userEnd), leftOut::add)
                .forEach(run -> text.append(row(index[0]++, run)));
        leftOut.forEach(line -> text.append("# left out: ").append(line).append('\n'));
        return text.toString();
    }

    private static String row(int index, MappedRun run) {
        String flags = (run.flags().user() ? "user" : "kernel") + (run.flags().software() ? " software" : "");
        return String.format("%6d %s-%s %10x %-4s %s%n", index, run.start(), run.last(), run.pageCount(),
                run.flags().permissions(), flags);
    }
}
