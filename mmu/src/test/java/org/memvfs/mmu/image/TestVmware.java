package org.memvfs.mmu.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;

/**
 * Writes VMware memory of any page-aligned physical memory for tests: a {@code .vmem} holding the
 * ranges one after another, and a checkpoint ({@code .vmss}, or {@code .vmsn}) whose
 * {@code memory} group names a region per range and whose {@code cpu} group records each vCPU's
 * control registers — with groups and tags memvfs must skip around them, as real checkpoints have.
 */
public final class TestVmware {
    public static final int MAGIC = 0xbed2_bed2;
    private static final int PAGE = 4096;

    private final PhysicalMemory source;
    private boolean regions = true;
    private boolean embedded;
    private boolean compressed;
    private String checkpointSuffix = ".vmss";
    private long[] cr3 = {0x1ad000, 0x2b0000};

    private TestVmware(PhysicalMemory source) {
        this.source = source;
    }

    public static TestVmware of(PhysicalMemory source) {
        return new TestVmware(source);
    }

    /** No region tags: the .vmem is linear from physical 0 (holes written as zeros). */
    public TestVmware withoutRegions() {
        this.regions = false;
        return this;
    }

    /** The memory inside the checkpoint as its {@code Memory} block, no .vmem. */
    public TestVmware embedded(boolean asCompressedBlock) {
        this.embedded = true;
        this.compressed = asCompressedBlock;
        return this;
    }

    /** A snapshot's {@code .vmsn} instead of a suspended VM's {@code .vmss}. */
    public TestVmware snapshot() {
        this.checkpointSuffix = ".vmsn";
        return this;
    }

    public TestVmware cr3(long... perCpu) {
        this.cr3 = perCpu.clone();
        return this;
    }

    /** The memory file: each range's pages in turn, or the whole linear memory without regions. */
    public byte[] vmem() {
        if (!regions) {
            return linear();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (PhysicalRange range : source.ranges()) {
            ByteBuffer data = ByteBuffer.allocate((int) range.length());
            source.read(range.start(), data);
            out.writeBytes(data.array());
        }
        return out.toByteArray();
    }

    private byte[] linear() {
        ByteBuffer all = ByteBuffer.allocate((int) source.size());
        source.read(new Pa(0), all);
        return all.array();
    }

    public byte[] checkpoint() {
        List<String> names = List.of("Checkpoint", "cpu", "memory");
        List<byte[]> bodies = List.of(checkpointGroup(), cpuGroup(), memoryGroup());
        int tableEnd = 12 + 80 * names.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(tableEnd).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(MAGIC).putInt(8).putInt(names.size());
        long position = tableEnd;
        for (int i = 0; i < names.size(); i++) {
            byte[] name = names.get(i).getBytes(StandardCharsets.US_ASCII);
            head.put(12 + 80 * i, name);
            head.putLong(12 + 80 * i + 64, position).putLong(12 + 80 * i + 72, bodies.get(i).length);
            position += bodies.get(i).length;
        }
        out.writeBytes(head.array());
        bodies.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Writes the files into {@code dir} as {@code base.vmem} and {@code base.vmss}; returns the file to open. */
    public Path write(Path dir, String base) {
        try {
            Path checkpoint = Files.write(dir.resolve(base + checkpointSuffix), checkpoint());
            if (embedded) {
                return checkpoint;
            }
            return Files.write(dir.resolve(base + ".vmem"), vmem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] checkpointGroup() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tag(out, "ProductVersion", new int[0], "17.5.0".getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        out.write(0);
        return out.toByteArray();
    }

    private byte[] cpuGroup() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tag(out, "cpu:numVCPUs", new int[0], le(cr3.length, 4));
        for (int cpu = 0; cpu < cr3.length; cpu++) {
            tag(out, "rip", new int[] {cpu}, le(0xfffff80312345678L, 8));
            for (int n = 0; n <= 4; n++) {
                long value = n == 0 ? 0x80050033L : n == 3 ? cr3[cpu] : n == 4 ? 0x350ef8 : 0;
                tag(out, "CR64", new int[] {cpu, n}, le(value, 8));
            }
            block(out, "FPUState", new int[] {cpu}, new byte[512], 5, false);
        }
        out.write(0);
        out.write(0);
        return out.toByteArray();
    }

    private byte[] memoryGroup() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tag(out, "align_mask", new int[0], le(0xffff, 4));
        if (regions) {
            List<PhysicalRange> ranges = new ArrayList<>(source.ranges());
            tag(out, "regionsCount", new int[0], le(ranges.size(), 4));
            long pageNum = 0;
            for (int i = 0; i < ranges.size(); i++) {
                PhysicalRange range = ranges.get(i);
                if (range.start().value() % PAGE != 0 || range.length() % PAGE != 0) {
                    throw new IllegalArgumentException("VMware regions are whole pages, not " + range);
                }
                tag(out, "regionPageNum", new int[] {i}, le(pageNum, 4));
                tag(out, "regionPPN", new int[] {i}, le(range.start().value() / PAGE, 4));
                tag(out, "regionSize", new int[] {i}, le(range.length() / PAGE, 4));
                pageNum += range.length() / PAGE;
            }
        } else {
            tag(out, "regionsCount", new int[0], le(0, 4));
        }
        block(out, "pshareStats", new int[0], new byte[40], 0, false);
        if (embedded) {
            block(out, "Memory", new int[0], vmem(), 7, compressed);
        }
        out.write(0);
        out.write(0);
        return out.toByteArray();
    }

    static void tag(ByteArrayOutputStream out, String name, int[] indices, byte[] value) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        int word = n.length << 8 | indices.length << 6 | value.length;
        out.writeBytes(le(word, 2));
        out.writeBytes(n);
        for (int index : indices) {
            out.writeBytes(le(index, 4));
        }
        out.writeBytes(value);
    }

    static void block(ByteArrayOutputStream out, String name, int[] indices, byte[] data, int padding, boolean compressed) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        int word = n.length << 8 | indices.length << 6 | (compressed ? 62 : 63);
        out.writeBytes(le(word, 2));
        out.writeBytes(n);
        for (int index : indices) {
            out.writeBytes(le(index, 4));
        }
        out.writeBytes(le(data.length, 8));
        out.writeBytes(le(data.length, 8));
        out.writeBytes(le(padding, 2));
        out.writeBytes(new byte[padding]);
        out.writeBytes(data);
    }

    static byte[] le(long value, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }
}
