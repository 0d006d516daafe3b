package org.memvfs.mmu.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.ImageIoException;
import org.memvfs.mmu.PhysicalMemory;

/**
 * Opens memory images, recognising their format from their content, never from their name alone:
 * a {@code .vmem} is VMware memory when a checkpoint (by its content) of the same name lies beside it.
 */
public final class MemoryImages {
    private static final int PAGE = 4096;
    private static final int HEAD_BYTES = PAGE;

    private MemoryImages() {
    }

    /** Opens {@code path} read-only, detecting its format. */
    public static PhysicalMemory open(Path path) {
        return open(path, ImageOptions.DEFAULT);
    }

    /**
     * Opens {@code path} as {@code options} say. Files on the default file system are mapped into
     * memory; others are read through their channel.
     *
     * @throws ImageFormatException naming the file and offset when it is not a readable image
     * @throws ImageIoException     when the file cannot be opened
     */
    public static PhysicalMemory open(Path path, ImageOptions options) {
        FileBytes file = openFile(path, options.writable());
        try {
            ImageFormat format = options.format() != null ? options.format() : detect(file, options.memoryMap() == null);
            if (options.memoryMap() != null && format != ImageFormat.RAW) {
                throw new ImageFormatException("--memmap applies to raw images, and this is " + format.id()
                        + ": its ranges come from its own headers", file.path(), 0);
            }
            return switch (format) {
                case RAW -> options.memoryMap() != null ? mappedRaw(file, options.memoryMap()) : raw(file);
                case ELF_CORE -> ElfCoreReader.open(file);
                case CRASH_DUMP -> CrashDumpReader.open(file);
                case LIME -> LimeReader.open(file);
                case VMWARE -> VmwareReader.open(file, options.writable());
                case KDUMP -> KdumpReader.open(file);
                case LIVE -> LiveMemory.open(file);
            };
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The format of the image at {@code path}, from its first bytes. */
    public static ImageFormat detect(Path path) {
        try (FileBytes file = openFile(path, false)) {
            return detect(file, true);
        }
    }

    /**
     * @param wholeRawFile whether a raw image is read whole, which makes a size that is not whole
     *                     pages suspicious; with a memory map only the mapped ranges matter
     */
    private static ImageFormat detect(FileBytes file, boolean wholeRawFile) {
        if (file.size() == 0) {
            throw new ImageFormatException("the file is empty", file.path(), 0);
        }
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(HEAD_BYTES, file.size()));
        file.read(0, head);
        head.flip();
        if (startsWith(head, ElfCoreReader.MAGIC)) {
            return ImageFormat.ELF_CORE;
        }
        if (startsWith(head, CrashDumpReader.MAGIC64) || startsWith(head, CrashDumpReader.MAGIC32)) {
            return ImageFormat.CRASH_DUMP;
        }
        if (head.limit() >= 4 && head.order(ByteOrder.LITTLE_ENDIAN).getInt(0) == LimeReader.MAGIC) {
            return ImageFormat.LIME;
        }
        if (VmwareCheckpoint.magicOf(head) != null) {
            return ImageFormat.VMWARE;
        }
        if (startsWith(head, KdumpReader.SIGNATURE) || FlattenedFileBytes.isFlattened(head)) {
            return ImageFormat.KDUMP;
        }
        ForeignFormat foreign = ForeignFormat.of(head);
        if (foreign != null) {
            throw new ImageFormatException("not a memory image memvfs reads: this is " + foreign.description(), file.path(), 0);
        }
        if (ForeignFormat.isText(head)) {
            throw new ImageFormatException("not a memory image: the first " + head.limit() + " bytes are text", file.path(), 0);
        }
        // a .vmem is raw content; the checkpoint beside it (by its content, not its name) makes it VMware memory
        if (VmwareReader.isMemoryWithCheckpoint(file.path())) {
            return ImageFormat.VMWARE;
        }
        if (wholeRawFile && file.size() % PAGE != 0) {
            throw new ImageFormatException("not a raw memory image: its size (" + Hex.of(file.size())
                    + " bytes) is not a whole number of 4 KiB pages; use --format raw to read it anyway",
                    file.path(), file.size());
        }
        return ImageFormat.RAW;
    }

    private static boolean startsWith(ByteBuffer head, byte[] magic) {
        return head.limit() >= magic.length && head.slice(0, magic.length).equals(ByteBuffer.wrap(magic));
    }

    private static PhysicalMemory mappedRaw(FileBytes file, Path map) {
        List<Segment> segments = MemoryMapFile.read(map, file.path(), file.size());
        String description = "raw image " + file.path() + " (" + Hex.of(file.size()) + " bytes) read in the " + segments.size()
                + " range" + (segments.size() == 1 ? "" : "s") + " of memory map " + map;
        return new SegmentedMemory("raw", description, file, segments, List.of());
    }

    private static PhysicalMemory raw(FileBytes file) {
        if (file.size() == 0) {
            throw new ImageFormatException("the file is empty", file.path(), 0);
        }
        String description = "raw image " + file.path() + " (" + Hex.of(file.size()) + " bytes)";
        return new SegmentedMemory("raw", description, file, List.of(new Segment(0, file.size(), 0, 0)), List.of());
    }

    static FileBytes openFile(Path path, boolean writable) {
        if (Files.isDirectory(path)) {
            throw new ImageFormatException("this is a directory, not an image file", path, 0);
        }
        OpenOption[] modes = writable
                ? new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.READ};
        try {
            if (path.getFileSystem() == FileSystems.getDefault()) {
                FileChannel channel = FileChannel.open(path, modes);
                try {
                    return new MappedFileBytes(path, channel, writable);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            }
            SeekableByteChannel channel = Files.newByteChannel(path, modes);
            return new ChannelFileBytes(path, channel, writable);
        } catch (NoSuchFileException e) {
            throw new ImageIoException("no such image file", path, e);
        } catch (IOException e) {
            throw new ImageIoException("cannot open the image", path, e);
        }
    }
}
