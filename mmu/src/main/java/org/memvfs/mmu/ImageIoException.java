package org.memvfs.mmu;

import java.io.IOException;
import java.nio.file.Path;

/** The operating system failed to read or write an image file. */
public class ImageIoException extends MemoryException {
    public ImageIoException(String what, Path file, long offset, IOException cause) {
        super(what + ": " + cause.getMessage(), Context.inFile(file, offset), cause);
    }
}
