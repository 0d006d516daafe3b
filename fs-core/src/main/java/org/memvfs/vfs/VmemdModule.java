package org.memvfs.vfs;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.memvfs.vfs.os.OsRegion;

/**
 * {@code vmemd/}: one file per region, {@code <start>-<end>-<tag>.vmem}, its size the region's
 * size, its bytes the process's memory there (pages that cannot be read are zeros), so that
 * {@code grep -r} over {@code pid/*}{@code /vmemd} searches every process's memory region by region.
 */
final class VmemdModule implements ProcessModule {
    private static final int MAX_TAG = 64;
    /** The tag's UTF-8 bytes: with the two addresses and the extension, a name stays within 255 bytes. */
    private static final int MAX_TAG_BYTES = 200;

    @Override
    public String directory() {
        return "vmemd";
    }

    @Override
    public void addEntries(ProcessContext context, EntriesDirectory directory) {
        List<OsRegion> regions = context.process().regions();
        Set<String> used = new HashSet<>();
        for (OsRegion region : regions) {
            String name = region.start() + "-" + region.end() + "-" + tag(region) + ".vmem";
            if (used.add(name)) {
                directory.add(name, () -> MemoryFile.virtual(context.process().addressSpace(), region.start(), region.size(),
                        context.options().writableMemory()));
            }
        }
    }

    /** The region's tag made safe for a file name: no slashes, no control characters, not too long. */
    static String tag(OsRegion region) {
        String tag = region.tag().isEmpty() ? region.kind() : region.tag();
        StringBuilder safe = new StringBuilder();
        tag.codePoints().limit(MAX_TAG).forEach(c -> safe.appendCodePoint(c == '/' || c == '\\' || c < 0x20 ? '_' : c));
        return safe.length() == 0 ? "region" : Formats.fileName(safe.toString(), MAX_TAG_BYTES);
    }
}
