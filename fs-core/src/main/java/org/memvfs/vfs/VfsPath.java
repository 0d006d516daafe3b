package org.memvfs.vfs;

import java.util.ArrayList;
import java.util.List;

/** Paths as the tree takes them: {@code /} separated, relative to the root whether or not they start with one. */
final class VfsPath {
    private static final int MAX_DEPTH = 64;

    private VfsPath() {
    }

    /** The names of {@code path}, with {@code .} dropped and {@code ..} taking one name back (never above the root). */
    static List<String> split(String path) {
        List<String> names = new ArrayList<>();
        for (String name : path.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!names.isEmpty()) {
                    names.remove(names.size() - 1);
                }
                continue;
            }
            names.add(name);
            if (names.size() > MAX_DEPTH) {
                throw new VfsException(VfsException.Kind.NOT_FOUND, path, "path too deep");
            }
        }
        return names;
    }
}
