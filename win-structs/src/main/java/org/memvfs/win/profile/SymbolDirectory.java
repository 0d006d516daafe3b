package org.memvfs.win.profile;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the symbol table of one kernel in a directory of Volatility 3 / JPCERT symbol files, which
 * are named {@code <GUID>-<age>.json.xz} (or {@code .json}) with the age in decimal, usually in a
 * folder per PDB name: {@code symbols/windows/ntkrnlmp.pdb/606FF669409B00F7FC8C61A9C1670129-1.json.xz}.
 * The GUID matches in any case. The search goes at most {@value #MAX_DEPTH} directories deep, does
 * not follow symbolic links, skips unreadable directories and stops after
 * {@value #MAX_ENTRIES} entries, so pointing it at a large tree by mistake fails fast.
 */
public final class SymbolDirectory {
    /** Deep enough for {@code <root>/symbols/windows/ntkrnlmp.pdb/<file>}. */
    static final int MAX_DEPTH = 5;
    static final int MAX_ENTRIES = 200_000;
    private static final String[] SUFFIXES = {".json", ".json.xz"};

    private SymbolDirectory() {
    }

    /**
     * The symbol file for {@code guidAge} (either spelling of {@link GuidAge#parse}) under
     * {@code dir}. When several match, the shallowest wins, then plain {@code .json} over
     * {@code .json.xz}, then the path in name order, so the answer does not depend on directory
     * listing order.
     *
     * @throws ProfileException when {@code dir} is not a readable directory, or the search reached
     *     its entry limit without a match
     */
    public static Optional<Path> find(Path dir, String guidAge) {
        return find(dir, GuidAge.parse(guidAge));
    }

    public static Optional<Path> find(Path dir, GuidAge guidAge) {
        if (!Files.isDirectory(dir)) {
            throw new ProfileException("symbol directory " + dir + " is not a directory", null);
        }
        String stem = guidAge.fileStem().toLowerCase(Locale.ROOT);
        List<Path> matches = new ArrayList<>();
        int[] seen = {0};
        try {
            Files.walkFileTree(dir, EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (++seen[0] > MAX_ENTRIES) {
                        return FileVisitResult.TERMINATE;
                    }
                    if (attributes.isRegularFile() && suffixRank(file, stem) >= 0) {
                        matches.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult preVisitDirectory(Path subdir, BasicFileAttributes attributes) {
                    return ++seen[0] > MAX_ENTRIES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // an unreadable corner of a symbol tree must not hide the rest
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ProfileException("cannot search the symbol directory " + dir + ": " + e.getMessage(), e);
        }
        if (matches.isEmpty() && seen[0] > MAX_ENTRIES) {
            throw new ProfileException("gave up searching " + dir + " for " + guidAge.fileStem() + " after "
                    + MAX_ENTRIES + " entries; point at the symbol directory itself", null);
        }
        return matches.stream()
                .min(Comparator.<Path>comparingInt(Path::getNameCount)
                        .thenComparingInt(p -> suffixRank(p, stem))
                        .thenComparing(Path::toString));
    }

    /** 0 for {@code <stem>.json}, 1 for {@code <stem>.json.xz}, -1 when the name is neither. */
    private static int suffixRank(Path file, String stem) {
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        for (int i = 0; i < SUFFIXES.length; i++) {
            if (lower.equals(stem + SUFFIXES[i])) {
                return i;
            }
        }
        return -1;
    }
}
