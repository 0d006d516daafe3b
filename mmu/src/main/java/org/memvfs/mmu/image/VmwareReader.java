package org.memvfs.mmu.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.Pa;

/**
 * Reads VMware guest memory: a {@code .vmem} file with the checkpoint ({@code .vmss} or
 * {@code .vmsn}) of the same name beside it, whose memory regions say which guest pages each part
 * of the {@code .vmem} holds (without regions the {@code .vmem} is linear, page n = guest page n);
 * or a checkpoint that holds the memory itself in an uncompressed {@code Memory} block. The CR3 of
 * the first vCPU and the vCPU count become hints.
 */
final class VmwareReader {
    private static final String MEMORY_SUFFIX = ".vmem";
    private static final String[] CHECKPOINT_SUFFIXES = {".vmss", ".vmsn"};
    private static final int PAGE_SHIFT = 12;
    private static final long MAX_PAGE_NUMBER = Long.MAX_VALUE >>> PAGE_SHIFT;

    private VmwareReader() {
    }

    /** Whether {@code path} is named {@code *.vmem} and a checkpoint of the same name lies beside it. */
    static boolean isMemoryWithCheckpoint(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(MEMORY_SUFFIX) && checkpointBeside(path) != null;
    }

    /** The checkpoint named as {@code memory} with its extension replaced, whose content is a checkpoint's; or null. */
    static Path checkpointBeside(Path memory) {
        for (String suffix : CHECKPOINT_SUFFIXES) {
            Path candidate = sibling(memory, suffix);
            if (candidate != null && Files.isRegularFile(candidate) && isCheckpoint(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Path sibling(Path path, String suffix) {
        Path name = path.getFileName();
        if (name == null) {
            return null;
        }
        String text = name.toString();
        int dot = text.lastIndexOf('.');
        return path.resolveSibling((dot > 0 ? text.substring(0, dot) : text) + suffix);
    }

    private static boolean isCheckpoint(Path path) {
        try (SeekableByteChannel channel = Files.newByteChannel(path)) {
            ByteBuffer head = ByteBuffer.allocate(4);
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // read until 4 bytes or the end
            }
            return VmwareCheckpoint.magicOf(head.flip()) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Opens {@code file}, a {@code .vmem} or a checkpoint. The returned memory owns {@code file}
     * unless the memory lives in another file, in which case {@code file} is closed.
     */
    static SegmentedMemory open(FileBytes file, boolean writable) {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(4, file.size()));
        file.read(0, head);
        if (VmwareCheckpoint.magicOf(head.flip()) != null) {
            return openCheckpoint(file, writable);
        }
        Path checkpointPath = checkpointBeside(file.path());
        if (checkpointPath == null) {
            throw new ImageFormatException("no VMware checkpoint (" + sibling(file.path(), ".vmss") + " or .vmsn) lies beside"
                    + " this memory file to say where its regions are", file.path(), 0);
        }
        try (FileBytes checkpointFile = MemoryImages.openFile(checkpointPath, false)) {
            VmwareCheckpoint checkpoint = VmwareCheckpoint.read(checkpointFile);
            return memory(checkpoint, file, 0, file.size());
        }
    }

    private static SegmentedMemory openCheckpoint(FileBytes file, boolean writable) {
        VmwareCheckpoint checkpoint = VmwareCheckpoint.read(file);
        VmwareCheckpoint.MemoryBlock block = checkpoint.memory();
        if (block != null) {
            if (block.compressed()) {
                throw new ImageFormatException("the checkpoint's Memory block is compressed, which memvfs does not read;"
                        + " suspend the VM to a .vmss with a .vmem instead", file.path(), block.describedAt());
            }
            return memory(checkpoint, file, block.offset(), block.bytes());
        }
        Path memoryPath = sibling(file.path(), MEMORY_SUFFIX);
        if (memoryPath == null || !Files.isRegularFile(memoryPath)) {
            throw new ImageFormatException("the checkpoint holds no Memory block and no " + memoryPath
                    + " lies beside it: open the .vmem file", file.path(), 0);
        }
        FileBytes memoryFile = MemoryImages.openFile(memoryPath, writable);
        try {
            SegmentedMemory memory = memory(checkpoint, memoryFile, 0, memoryFile.size());
            file.close();
            return memory;
        } catch (RuntimeException e) {
            memoryFile.close();
            throw e;
        }
    }

    /** The memory stored in {@code memoryFile} from {@code base} for {@code bytes}, laid out as the checkpoint says. */
    private static SegmentedMemory memory(VmwareCheckpoint checkpoint, FileBytes memoryFile, long base, long bytes) {
        Path checkpointPath = checkpoint.file().path();
        List<VmwareCheckpoint.Region> regions = checkpoint.regions();
        List<Segment> segments = new ArrayList<>();
        if (regions.isEmpty()) {
            segments.add(new Segment(0, bytes, base, 0));
        }
        for (VmwareCheckpoint.Region region : regions) {
            String what = "region " + region.index() + " (" + region.pages() + " pages of guest page " + Hex.of(region.ppn())
                    + " stored from page " + Hex.of(region.pageNum()) + ")";
            if (region.ppn() < 0 || region.pageNum() < 0 || region.pages() < 0 || region.ppn() > MAX_PAGE_NUMBER
                    || region.pageNum() > MAX_PAGE_NUMBER || region.pages() > MAX_PAGE_NUMBER
                    || region.pageNum() + region.pages() > bytes >>> PAGE_SHIFT) {
                throw new ImageFormatException(what + " runs past the end of the memory in " + memoryFile.path() + " ("
                        + Hex.of(bytes) + " bytes)", checkpointPath, region.describedAt());
            }
            segments.add(new Segment(region.ppn() << PAGE_SHIFT, region.pages() << PAGE_SHIFT,
                    base + (region.pageNum() << PAGE_SHIFT), region.describedAt()));
        }
        DumpHints hints = null;
        Map<Integer, Long> cr3 = checkpoint.cr3();
        if (!cr3.isEmpty() || checkpoint.vcpus() != null) {
            hints = DumpHints.NONE.withMachine(null, checkpoint.vcpus());
            if (!cr3.isEmpty()) {
                hints = hints.withDirectoryTableBase(new Pa(cr3.values().iterator().next()));
            }
        }
        String description = "VMware memory " + memoryFile.path()
                + (memoryFile.path().equals(checkpointPath) ? "" : " with checkpoint " + checkpointPath) + " ("
                + (regions.isEmpty() ? "linear, no regions" : regions.size() + " region" + (regions.size() == 1 ? "" : "s"))
                + (checkpoint.vcpus() == null ? "" : ", " + checkpoint.vcpus() + " vCPU" + (checkpoint.vcpus() == 1 ? "" : "s"))
                + ")";
        return new SegmentedMemory("vmware", description, memoryFile, segments, List.of(), hints);
    }
}
