package org.memvfs.win.json;

import org.memvfs.mmu.MemoryException;

/**
 * A JSON document that cannot be used: bad syntax (the message names the source, the line and
 * column, and the context carries the character offset), a document too large or too deeply
 * nested for the limits, or a value of the wrong kind where a reader expected another (the
 * message names the source and the JSON path, e.g. {@code $.structs._EPROCESS.size}).
 */
public class JsonException extends MemoryException {
    private final String source;
    private final String path;
    private final long offset;

    JsonException(String what, String source, long offset) {
        super(what, Context.NONE.withFileOffset(offset));
        this.source = source;
        this.path = null;
        this.offset = offset;
    }

    JsonException(String what, String source, String path, Throwable cause) {
        super(what, Context.NONE, cause);
        this.source = source;
        this.path = path;
        this.offset = -1;
    }

    /** What the document was read from: a file name or a resource name. */
    public String source() {
        return source;
    }

    /** The JSON path of the offending value, or null for a syntax error. */
    public String path() {
        return path;
    }

    /** The character offset of a syntax error, or -1 when the error is about a value's kind. */
    public long offset() {
        return offset;
    }
}
