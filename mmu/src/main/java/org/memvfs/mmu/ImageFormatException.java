package org.memvfs.mmu;

import java.nio.file.Path;

/** A file is not a memory image memvfs can read, or its headers contradict themselves. */
public class ImageFormatException extends MemoryException {
    public ImageFormatException(String what, Path file, long offset) {
        super(what, Context.inFile(file, offset));
    }
}
