package org.memvfs.win.sample;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableMap;
import org.memvfs.mmu.Pa;

/**
 * A built Windows sample image: its physical memory and the builder's {@link SampleManifest} of
 * what is in it. Immutable; {@link #writeRaw} can be called any number of times and always writes
 * the same bytes.
 */
public final class SampleImage {
    private static final int PAGE = PhysicalPages.PAGE;

    private final SampleManifest manifest;
    private final long physicalSize;
    private final NavigableMap<Long, byte[]> frames;

    SampleImage(SampleManifest manifest, long physicalSize, NavigableMap<Long, byte[]> frames) {
        this.manifest = manifest;
        this.physicalSize = physicalSize;
        this.frames = frames;
    }

    /** What the builder wrote, in its own terms. */
    public SampleManifest manifest() {
        return manifest;
    }

    /** The size of physical memory, and of the raw image file, in bytes. */
    public long physicalSize() {
        return physicalSize;
    }

    /** How many 4 KiB frames hold something other than zeros. */
    public int nonZeroPages() {
        return frames.size();
    }

    /** The frames that hold data, by frame number (for comparing images in tests). */
    NavigableMap<Long, byte[]> frames() {
        return frames;
    }

    /** {@code length} bytes of physical memory from {@code pa} (zeros where nothing was written). */
    public byte[] readPhysical(Pa pa, int length) {
        if (pa.value() < 0 || length < 0 || pa.value() + length > physicalSize) {
            throw new IllegalArgumentException("outside the image's physical memory: " + pa + "+" + length);
        }
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long at = pa.value() + done;
            int inPage = (int) (at % PAGE);
            int chunk = Math.min(length - done, PAGE - inPage);
            byte[] frame = frames.get(at / PAGE);
            if (frame != null) {
                System.arraycopy(frame, inPage, out, done, chunk);
            }
            done += chunk;
        }
        return out;
    }

    /**
     * Writes the image as a raw physical memory file (file offset = physical address) to
     * {@code file}, replacing it. Only pages that are not all zero are written; the rest are
     * left as holes, so the file is sparse on file systems that support it.
     */
    public void writeRaw(Path file) {
        try {
            Files.deleteIfExists(file);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(physicalSize);
                FileChannel channel = raf.getChannel();
                for (Map.Entry<Long, byte[]> frame : frames.entrySet()) {
                    ByteBuffer bytes = ByteBuffer.wrap(frame.getValue());
                    long position = frame.getKey() * PAGE;
                    while (bytes.hasRemaining()) {
                        position += channel.write(bytes, position);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sample image to " + file, e);
        }
    }

    @Override
    public String toString() {
        return "sample image " + manifest.profileId() + " (" + (physicalSize >> 20) + " MiB, " + frames.size() + " pages of data)";
    }
}
