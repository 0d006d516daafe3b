package org.memvfs.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.image.MemoryImages;

/**
 * A copy of a guest's raw image in a test's own directory, for corruption tests: patches are
 * written into the copy, the copy is opened as any image, and the original bytes are put back
 * afterwards. The captures under {@code /tmp/qemu-guest} are never written.
 */
public final class PatchedImage {
    private final Path copy;

    private PatchedImage(Path copy) {
        this.copy = copy;
    }

    /** Copies {@code raw} (a raw image: file offset = physical address) into {@code directory}. */
    public static PatchedImage copyOf(Path raw, Path directory) {
        Path copy = directory.resolve("patched-" + raw.getFileName());
        try {
            Files.copy(raw, copy, StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().setWritable(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PatchedImage(copy);
    }

    public Path path() {
        return copy;
    }

    /** One change: {@code bytes} at physical address {@code pa}. */
    public record Patch(long pa, byte[] bytes) {
        public static Patch u64(long pa, long value) {
            return new Patch(pa, ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, value).array());
        }
    }

    /** Applies {@code patches}, runs {@code body} on the patched image freshly opened, then restores the copy. */
    public <T> T with(List<Patch> patches, Function<PhysicalMemory, T> body) {
        List<Patch> originals = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (Patch patch : patches) {
                ByteBuffer before = ByteBuffer.allocate(patch.bytes().length);
                channel.read(before, patch.pa());
                originals.add(0, new Patch(patch.pa(), before.array()));
                channel.write(ByteBuffer.wrap(patch.bytes()), patch.pa());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (PhysicalMemory memory = MemoryImages.open(copy)) {
            return body.apply(memory);
        } finally {
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                for (Patch original : originals) {
                    channel.write(ByteBuffer.wrap(original.bytes()), original.pa());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
