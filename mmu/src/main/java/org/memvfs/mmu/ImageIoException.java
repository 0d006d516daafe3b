package org.memvfs.mmu;

import java.io.IOException;
import java.nio.file.Path;

/** The operating system failed to read or write an image file. */
public class ImageIoException extends MemoryException {
    public ImageIoException(String what, Path file, long offset, IOException cause) {
        super(what + reason(file, cause), Context.inFile(file, offset), cause);
    }

    /** A failure about the file as a whole (it cannot be opened): no offset to name. */
    public ImageIoException(String what, Path file, IOException cause) {
        super(what + reason(file, cause), Context.NONE.withFile(file), cause);
    }

    /** The system's reason, unless it only repeats the file's name (as "no such file" does). */
    private static String reason(Path file, IOException cause) {
        String message = cause.getMessage();
        return message == null || message.equals(file.toString()) ? "" : ": " + message;
    }
}
