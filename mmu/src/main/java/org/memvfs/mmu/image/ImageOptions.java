package org.memvfs.mmu.image;

/**
 * How to open an image.
 *
 * @param format   the container, or null to detect it from the content
 * @param writable whether to open the file for writing (memvfs never writes otherwise)
 */
public record ImageOptions(ImageFormat format, boolean writable) {
    public static final ImageOptions DEFAULT = new ImageOptions(null, false);

    public ImageOptions withFormat(ImageFormat forced) {
        return new ImageOptions(forced, writable);
    }

    public ImageOptions withWritable(boolean write) {
        return new ImageOptions(format, write);
    }
}
