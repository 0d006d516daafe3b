package org.memvfs.win.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.image.MemoryImages;
import org.memvfs.win.sample.SampleProcess;

/**
 * A copy of a sample's raw file being corrupted on purpose: virtual addresses from the manifest are
 * translated with mmu through the unpatched image's tables, and the bytes are written at the
 * physical address (the file offset of a raw image). {@link #open()} reopens the result.
 */
public final class Patch {
    private final Sample sample;
    private final Path file;

    Patch(Sample sample, Path file) {
        this.sample = sample;
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Where the kernel address {@code va} is in physical memory. */
    public Pa kernelPa(Va va) {
        return pa(sample.kernelTables(), va);
    }

    /** Where {@code va} of {@code process} is in physical memory. */
    public Pa userPa(SampleProcess process, Va va) {
        return pa(sample.kernelTables().withRoot(sample.manifest().mode().rootOf(process.dtb().value())), va);
    }

    private static Pa pa(AddressSpace space, Va va) {
        Translation t = space.translate(va);
        return t.pa().orElseThrow(() -> new IllegalStateException("cannot patch " + t.describe()));
    }

    /** The 8 bytes at the kernel address {@code va} of the unpatched image. */
    public long kernel64(Va va) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        sample.memory().read(kernelPa(va), b);
        return b.getLong(0);
    }

    public Patch put(Pa pa, byte[] bytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer data = ByteBuffer.wrap(bytes);
            while (data.hasRemaining()) {
                channel.write(data, pa.value() + data.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Patch put64(Pa pa, long value) {
        return put(pa, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value).array());
    }

    public Patch put32(Pa pa, long value) {
        return put(pa, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) value).array());
    }

    public Patch put16(Pa pa, long value) {
        return put(pa, ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) value).array());
    }

    /** A pointer of the image's width at the kernel address {@code va}. */
    public Patch kernelPointer(Va va, long value) {
        return sample.manifest().mode().vaBits() > 32 ? put64(kernelPa(va), value) : put32(kernelPa(va), value);
    }

    /** The patched image, opened as memvfs opens any image. */
    public PhysicalMemory open() {
        return MemoryImages.open(file);
    }
}
