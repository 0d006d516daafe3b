package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ImageFormatException;

/**
 * What memvfs reads of a VMware checkpoint ({@code .vmss} of a suspended VM, {@code .vmsn} of a
 * snapshot): the header (magic, version, group count), the group table (64-byte name, position,
 * size), and in two groups the tags — each a 16-bit word (name length in bits 15–8, index count
 * in bits 7–6, value size in bits 5–0), the name, up to three 32-bit indices, then the value, or,
 * for value sizes 62 and 63, a block: its size on disk and in memory, a 16-bit padding length,
 * the padding and the bytes (63 stored, 62 compressed).
 *
 * <ul>
 *   <li>group {@code memory}: {@code regionsCount}, and per region {@code regionPPN} (first guest
 *       page), {@code regionPageNum} (first page in the memory file) and {@code regionSize}
 *       (pages); the block {@code Memory} when the checkpoint holds the memory itself</li>
 *   <li>group {@code cpu}: {@code cpu:numVCPUs} and {@code CR64[cpu][n]} (control register n),
 *       of which CR3 becomes a hint</li>
 * </ul>
 * Everything else is skipped tag by tag.
 */
final class VmwareCheckpoint {
    static final int[] MAGICS = {0xbed0_bed0, 0xbed2_bed0, 0xbad1_bad1, 0xbed2_bed2, 0xbed3_bed3, 0xbad2_bad2};
    private static final int HEADER_BYTES = 12;
    private static final int GROUP_BYTES = 80;
    private static final int GROUP_NAME_BYTES = 64;
    private static final int MAX_GROUPS = 4096;
    private static final int MAX_TAGS = 1 << 22;
    private static final int MAX_REGIONS = 1 << 16;
    private static final int BLOCK = 63;
    private static final int BLOCK_COMPRESSED = 62;

    /** Region {@code index}: {@code pages} guest pages from {@code ppn}, stored from page {@code pageNum} of the memory file. */
    record Region(int index, long ppn, long pageNum, long pages, long describedAt) {
    }

    /** The checkpoint's own {@code Memory} block. */
    record MemoryBlock(long offset, long bytes, boolean compressed, long describedAt) {
    }

    private final FileBytes file;
    private final int sizeBytes;
    private Long regionsCount;
    private long regionsCountAt;
    private final Map<Integer, long[]> regionTags = new TreeMap<>();
    private MemoryBlock memory;
    private Integer vcpus;
    private final Map<Integer, Long> cr3 = new TreeMap<>();
    private int tags;

    private VmwareCheckpoint(FileBytes file, int magic) {
        this.file = file;
        // checkpoints of 32-bit VMware products store block sizes in 4 bytes
        this.sizeBytes = (magic & 0xf) == 0 ? 4 : 8;
    }

    /** The magic of {@code head} when it is a VMware checkpoint's, else null. */
    static Integer magicOf(ByteBuffer head) {
        if (head.limit() < 4) {
            return null;
        }
        int magic = head.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        for (int known : MAGICS) {
            if (magic == known) {
                return magic;
            }
        }
        return null;
    }

    static VmwareCheckpoint read(FileBytes file) {
        ByteBuffer header = bytes(file, 0, HEADER_BYTES, "the checkpoint header");
        Integer magic = magicOf(header);
        if (magic == null) {
            throw new ImageFormatException("magic " + Hex.of(Integer.toUnsignedLong(header.getInt(0)))
                    + " is not a VMware checkpoint's", file.path(), 0);
        }
        VmwareCheckpoint checkpoint = new VmwareCheckpoint(file, magic);
        checkpoint.parse(Integer.toUnsignedLong(header.getInt(8)));
        return checkpoint;
    }

    private ImageFormatException bad(String what, long offset) {
        return new ImageFormatException(what, file.path(), offset);
    }

    private static ByteBuffer bytes(FileBytes file, long offset, int length, String what) {
        if (offset < 0 || offset > file.size() - length) {
            throw new ImageFormatException(what + " (" + length + " bytes at " + Hex.of(offset) + ") lies past the end of the"
                    + " checkpoint (" + Hex.of(file.size()) + " bytes): it is truncated", file.path(), offset);
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        file.read(offset, buffer);
        return buffer.flip();
    }

    private void parse(long groups) {
        if (groups == 0 || groups > MAX_GROUPS) {
            throw bad("group count " + groups + " is not between 1 and " + MAX_GROUPS, 8);
        }
        ByteBuffer table = bytes(file, HEADER_BYTES, (int) groups * GROUP_BYTES, "the table of " + groups + " groups");
        for (int i = 0; i < groups; i++) {
            int at = i * GROUP_BYTES;
            String name = cString(table, at, GROUP_NAME_BYTES);
            long position = table.getLong(at + GROUP_NAME_BYTES);
            long size = table.getLong(at + GROUP_NAME_BYTES + 8);
            if (name.equals("memory") || name.equals("cpu")) {
                long describedAt = HEADER_BYTES + at;
                if (position < HEADER_BYTES || position >= file.size()) {
                    throw bad("group '" + name + "' starts at " + Hex.of(position) + ", outside the checkpoint ("
                            + Hex.of(file.size()) + " bytes)", describedAt + GROUP_NAME_BYTES);
                }
                long end = size > 0 && size <= file.size() - position ? position + size : file.size();
                readTags(name, position, end);
            }
        }
    }

    /** Reads tags until the null tag or the group's end; every tag is at least 2 bytes, so the walk ends. */
    private void readTags(String group, long start, long end) {
        long at = start;
        while (at + 2 <= end) {
            if (++tags > MAX_TAGS) {
                throw bad("more than " + MAX_TAGS + " tags: the checkpoint is corrupt", at);
            }
            long tagAt = at;
            int tag = Short.toUnsignedInt(bytes(file, at, 2, "a tag").getShort(0));
            if (tag == 0) {
                return;
            }
            int nameLength = tag >>> 8;
            int indexCount = (tag >>> 6) & 3;
            int valueSize = tag & 0x3f;
            at += 2;
            String name = cString(bytes(file, at, nameLength, "a tag name"), 0, nameLength);
            at += nameLength;
            int[] indices = new int[indexCount];
            if (indexCount > 0) {
                ByteBuffer index = bytes(file, at, 4 * indexCount, "the indices of tag " + name);
                for (int i = 0; i < indexCount; i++) {
                    indices[i] = index.getInt(4 * i);
                }
                at += 4L * indexCount;
            }
            if (valueSize == BLOCK || valueSize == BLOCK_COMPRESSED) {
                ByteBuffer sizes = bytes(file, at, 2 * sizeBytes + 2, "the block header of tag " + name);
                long onDisk = sizeBytes == 8 ? sizes.getLong(0) : Integer.toUnsignedLong(sizes.getInt(0));
                int padding = Short.toUnsignedInt(sizes.getShort(2 * sizeBytes));
                long data = at + 2L * sizeBytes + 2 + padding;
                if (onDisk < 0 || data > file.size() || onDisk > file.size() - data) {
                    throw bad("block '" + name + "' of " + Hex.of(onDisk) + " bytes at " + Hex.of(data)
                            + " runs past the end of the checkpoint (" + Hex.of(file.size()) + " bytes): it is truncated",
                            tagAt);
                }
                if (group.equals("memory") && name.equals("Memory")) {
                    memory = new MemoryBlock(data, onDisk, valueSize == BLOCK_COMPRESSED, tagAt);
                } else if (group.equals("cpu") && name.equals("CR64") && indexCount == 1 && onDisk >= 32
                        && valueSize == BLOCK) {
                    cr3.put(indices[0], bytes(file, data + 24, 8, "CR64 of vCPU " + indices[0]).getLong(0));
                }
                at = data + onDisk;
            } else {
                ByteBuffer value = bytes(file, at, valueSize, "the value of tag " + name);
                if (valueSize <= 8) {
                    long number = 0;
                    for (int i = valueSize - 1; i >= 0; i--) {
                        number = (number << 8) | Byte.toUnsignedLong(value.get(i));
                    }
                    take(group, name, indices, number, tagAt);
                }
                at += valueSize;
            }
        }
    }

    private void take(String group, String name, int[] indices, long value, long tagAt) {
        if (group.equals("memory")) {
            switch (name) {
                case "regionsCount" -> {
                    regionsCount = value;
                    regionsCountAt = tagAt;
                }
                case "regionPPN" -> region(indices, tagAt)[0] = value;
                case "regionPageNum" -> region(indices, tagAt)[1] = value;
                case "regionSize" -> region(indices, tagAt)[2] = value;
                default -> {
                }
            }
        } else if (name.equals("cpu:numVCPUs")) {
            vcpus = (int) value;
        } else if (name.equals("CR64") && indices.length == 2 && indices[1] == 3) {
            cr3.put(indices[0], value);
        }
    }

    private long[] region(int[] indices, long tagAt) {
        if (indices.length != 1 || indices[0] < 0 || indices[0] >= MAX_REGIONS) {
            throw bad("a region tag with indices " + java.util.Arrays.toString(indices) + " does not name one region", tagAt);
        }
        return regionTags.computeIfAbsent(indices[0], i -> new long[] {-1, -1, -1, tagAt});
    }

    private static String cString(ByteBuffer buffer, int at, int max) {
        int length = 0;
        while (length < max && buffer.get(at + length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The memory regions; empty when the checkpoint names none (the memory file is then linear). */
    List<Region> regions() {
        List<Region> regions = new ArrayList<>();
        if (regionsCount == null || regionsCount == 0) {
            return regions;
        }
        if (regionsCount < 0 || regionsCount > MAX_REGIONS) {
            throw bad("regionsCount " + regionsCount + " is not between 0 and " + MAX_REGIONS, regionsCountAt);
        }
        for (int i = 0; i < regionsCount; i++) {
            long[] tags = regionTags.get(i);
            if (tags == null || tags[0] < 0 || tags[1] < 0 || tags[2] < 0) {
                throw bad("regionsCount is " + regionsCount + " but region " + i
                        + " lacks its regionPPN, regionPageNum or regionSize tag", regionsCountAt);
            }
            regions.add(new Region(i, tags[0], tags[1], tags[2], tags[3]));
        }
        return regions;
    }

    /** The checkpoint's own memory, or null when it lives in a {@code .vmem} beside it. */
    MemoryBlock memory() {
        return memory;
    }

    Integer vcpus() {
        return vcpus;
    }

    /** CR3 of each vCPU that recorded one. */
    Map<Integer, Long> cr3() {
        return cr3;
    }

    FileBytes file() {
        return file;
    }
}
