package org.memvfs.mmu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.memvfs.mmu.image.MemoryImages;

/**
 * A small raw memory image written byte by byte by a test: page tables for the modes real guests
 * here cannot show (PAE, 32-bit paging) and for failures no sane kernel writes.
 */
final class TestImage {
    private final ByteBuffer bytes;

    TestImage(int size) {
        bytes = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        // page 0 of a real machine is never all zeros; a raw image that starts with text is refused
        bytes.put(0, (byte) 0xf4);
    }

    TestImage put64(long pa, long value) {
        bytes.putLong((int) pa, value);
        return this;
    }

    TestImage put32(long pa, long value) {
        bytes.putInt((int) pa, (int) value);
        return this;
    }

    TestImage put(long pa, byte[] data) {
        bytes.put((int) pa, data);
        return this;
    }

    byte[] bytes() {
        return bytes.array();
    }

    /** Writes the image to {@code dir/name} and opens it as memvfs opens any image. */
    PhysicalMemory open(Path dir, String name) {
        Path file = dir.resolve(name);
        try {
            Files.write(file, bytes.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return MemoryImages.open(file);
    }

    PhysicalMemory open(Path dir) {
        return open(dir, "image.raw");
    }
}
