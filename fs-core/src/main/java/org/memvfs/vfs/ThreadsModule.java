package org.memvfs.vfs;

import java.util.List;
import java.util.Map;
import org.memvfs.vfs.os.OsThread;

/**
 * {@code threads/}: {@code threads.txt}, one fixed-width line per thread (then a {@code # partial:}
 * line for each thing the thread list could not read), and a directory per thread id with
 * {@code info.txt} holding every field the kernel model gives.
 */
final class ThreadsModule implements ProcessModule {
    private static final String HEADER = String.format("%6s %8s %-12s %-16s %-16s %4s %s", "#", "tid", "state",
            "start", "teb", "prio", "created");

    @Override
    public String directory() {
        return "threads";
    }

    @Override
    public void addEntries(ProcessContext context, EntriesDirectory directory) {
        List<OsThread> threads = context.process().threads();
        List<String> partial = Formats.partialLines(context.process().threadProblems());
        int width = Formats.widthFor(HEADER.length() - "created".length() + Formats.TIME_WIDTH + 1, partial);
        directory.add("threads.txt", () -> new FixedWidthFile(HEADER, width, threads.size() + partial.size(),
                i -> i < threads.size() ? line(i, threads.get(i)) : partial.get(i - threads.size())));
        for (OsThread thread : threads) {
            String name = Integer.toString(thread.tid());
            directory.add(name, () -> new EntriesDirectory()
                    .add("info.txt", () -> context.text("threads/" + name + "/info.txt", () -> info(thread))));
        }
    }

    private static String line(int index, OsThread t) {
        return String.format("%6d %8d %-12s %s %s %4d %s", index, t.tid(), t.state(), Formats.va(t.startAddress()),
                Formats.va(t.teb()), t.priority(), Formats.time(t.createTime()));
    }

    private static String info(OsThread t) {
        StringBuilder text = new StringBuilder();
        field(text, "tid", Integer.toString(t.tid()));
        field(text, "state", t.state());
        field(text, "start", Formats.va(t.startAddress()));
        field(text, "teb", Formats.va(t.teb()));
        field(text, "priority", Integer.toString(t.priority()));
        field(text, "created", Formats.time(t.createTime()));
        for (Map.Entry<String, String> detail : t.details().entrySet()) {
            field(text, detail.getKey(), detail.getValue());
        }
        return text.toString();
    }

    private static void field(StringBuilder text, String name, String value) {
        text.append(String.format("%-16s %s%n", name + ":", value));
    }
}
