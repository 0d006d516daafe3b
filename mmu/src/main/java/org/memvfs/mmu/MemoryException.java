package org.memvfs.mmu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The root of every error memvfs reports about memory: a bad image, an address that cannot be
 * read, a walk that cannot go on. It carries the context an analyst needs to find the spot — the
 * file and offset, the addresses, the table root, the paging level and the entry — and prints
 * what it has of them after the message.
 */
public class MemoryException extends RuntimeException {
    private final Context context;
    private final String what;

    public MemoryException(String what, Context context) {
        this(what, context, null);
    }

    public MemoryException(String what, Context context, Throwable cause) {
        super(compose(what, context), cause);
        this.what = what;
        this.context = context == null ? Context.NONE : context;
    }

    /** The message without the context. */
    public String what() {
        return what;
    }

    public Context context() {
        return context;
    }

    private static String compose(String what, Context context) {
        String where = context == null ? "" : context.toString();
        return where.isEmpty() ? what : what + " (" + where + ")";
    }

    /**
     * Where an error happened. Every part is optional (null when unknown); the withers return a
     * copy with one more part filled in.
     */
    public record Context(Path file, Long fileOffset, Va va, Pa pa, Pa root, String level, Pte entry) {
        public static final Context NONE = new Context(null, null, null, null, null, null, null);

        public static Context inFile(Path file, long offset) {
            return NONE.withFile(file).withFileOffset(offset);
        }

        public Context withFile(Path newFile) {
            return new Context(newFile, fileOffset, va, pa, root, level, entry);
        }

        public Context withFileOffset(long offset) {
            return new Context(file, offset, va, pa, root, level, entry);
        }

        public Context withVa(Va newVa) {
            return new Context(file, fileOffset, newVa, pa, root, level, entry);
        }

        public Context withPa(Pa newPa) {
            return new Context(file, fileOffset, va, newPa, root, level, entry);
        }

        public Context withRoot(Pa newRoot) {
            return new Context(file, fileOffset, va, pa, newRoot, level, entry);
        }

        public Context withLevel(String newLevel, Pte newEntry) {
            return new Context(file, fileOffset, va, pa, root, newLevel, newEntry);
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            if (file != null) {
                parts.add("file " + file);
            }
            if (fileOffset != null) {
                parts.add("offset " + Hex.of(fileOffset));
            }
            if (va != null) {
                parts.add("va " + va);
            }
            if (pa != null) {
                parts.add("pa " + pa);
            }
            if (root != null) {
                parts.add("root " + root);
            }
            if (level != null) {
                parts.add("level " + level);
            }
            if (entry != null) {
                parts.add("entry " + entry);
            }
            return String.join(", ", parts);
        }
    }
}
