package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.memvfs.mmu.Buffers;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;

/**
 * Physical memory held in byte arrays, for tests: the known content that the test-side writers
 * put in each container format, and the oracle their readers are compared with. Public so that
 * other modules' tests (the sample builder's) can write their images through the same writers.
 */
public final class TestPhysicalMemory implements PhysicalMemory {
    /** Bytes {@code data} at physical {@code pa}. */
    public record Chunk(long pa, byte[] data) {
        long end() {
            return pa + data.length;
        }
    }

    private final List<Chunk> chunks;

    public TestPhysicalMemory(List<Chunk> chunks) {
        List<Chunk> sorted = new ArrayList<>(chunks);
        sorted.sort(Comparator.comparingLong(Chunk::pa));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).pa() < sorted.get(i - 1).end()) {
                throw new IllegalArgumentException("chunks overlap at " + Long.toHexString(sorted.get(i).pa()));
            }
        }
        this.chunks = List.copyOf(sorted);
    }

    /** Random pages at each {@code (pa, pages)} pair, seeded. */
    public static TestPhysicalMemory randomPages(long seed, long... paAndPages) {
        Random random = new Random(seed);
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < paAndPages.length; i += 2) {
            byte[] data = new byte[(int) paAndPages[i + 1] * 4096];
            random.nextBytes(data);
            chunks.add(new Chunk(paAndPages[i], data));
        }
        return new TestPhysicalMemory(chunks);
    }

    public List<Chunk> chunks() {
        return chunks;
    }

    /** The bytes of {@code [pa, pa + length)}, zeros where no chunk is. */
    public byte[] bytes(long pa, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        read(new Pa(pa), buffer);
        return buffer.array();
    }

    /** The whole memory as a raw image: file offset = physical address, holes as zeros. */
    public byte[] raw() {
        return bytes(0, (int) size());
    }

    /** A {@code --memmap} file of this memory's ranges (START END, hex, END exclusive), for its {@link #raw()} image. */
    public String memoryMap() {
        StringBuilder map = new StringBuilder("# physical ranges, END exclusive\n");
        for (PhysicalRange range : ranges()) {
            map.append(Long.toHexString(range.start().value())).append(' ')
                    .append(Long.toHexString(range.end().value())).append('\n');
        }
        return map.toString();
    }

    @Override
    public String format() {
        return "test";
    }

    @Override
    public String description() {
        return "test memory of " + chunks.size() + " chunks";
    }

    @Override
    public long size() {
        return chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).end();
    }

    @Override
    public List<PhysicalRange> ranges() {
        List<PhysicalRange> ranges = new ArrayList<>();
        for (Chunk chunk : chunks) {
            PhysicalRange last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last.end().value() == chunk.pa()) {
                ranges.set(ranges.size() - 1, new PhysicalRange(last.start(), last.length() + chunk.data().length));
            } else {
                ranges.add(new PhysicalRange(new Pa(chunk.pa()), chunk.data().length));
            }
        }
        return ranges;
    }

    @Override
    public ReadResult read(Pa pa, ByteBuffer dst) {
        int total = dst.remaining();
        long address = pa.value();
        ReadResult.Builder absent = new ReadResult.Builder();
        int done = 0;
        while (done < total) {
            Chunk in = null;
            long next = Long.MAX_VALUE;
            for (Chunk chunk : address < 0 ? List.<Chunk>of() : chunks) {
                if (address >= chunk.pa() && address < chunk.end()) {
                    in = chunk;
                    break;
                }
                if (chunk.pa() > address) {
                    next = Math.min(next, chunk.pa());
                }
            }
            if (in != null) {
                int n = (int) Math.min(total - done, in.end() - address);
                dst.put(in.data(), (int) (address - in.pa()), n);
                done += n;
                address += n;
            } else {
                int n = next == Long.MAX_VALUE ? total - done : (int) Math.min(total - done, next - address);
                Buffers.zeroFill(dst, n);
                absent.absent(done, done + n);
                done += n;
                address += n;
            }
        }
        return absent.build(total);
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return description() + " " + Arrays.toString(ranges().toArray());
    }
}
