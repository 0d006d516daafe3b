package org.memvfs.mmu.image;

import java.nio.file.Path;

/**
 * How to open an image.
 *
 * @param format    the container, or null to detect it from the content
 * @param writable  whether to open the file for writing (memvfs never writes otherwise)
 * @param memoryMap {@code --memmap}: a file naming the physical ranges a raw image holds (one
 *                  {@code START END} or {@code START-END} per line, hex, END exclusive, {@code #}
 *                  comments); bytes outside them read as absent. Null reads the whole raw file.
 */
public record ImageOptions(ImageFormat format, boolean writable, Path memoryMap) {
    public static final ImageOptions DEFAULT = new ImageOptions(null, false, null);

    public ImageOptions(ImageFormat format, boolean writable) {
        this(format, writable, null);
    }

    public ImageOptions withFormat(ImageFormat forced) {
        return new ImageOptions(forced, writable, memoryMap);
    }

    public ImageOptions withWritable(boolean write) {
        return new ImageOptions(format, write, memoryMap);
    }

    public ImageOptions withMemoryMap(Path map) {
        return new ImageOptions(format, writable, map);
    }
}
