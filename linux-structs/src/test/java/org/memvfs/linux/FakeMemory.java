package org.memvfs.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;

/**
 * Physical memory made of a few byte arrays at chosen addresses, with holes between them, for
 * tests that build kernel structures (or their absence) by hand.
 */
public final class FakeMemory implements PhysicalMemory {
    private final List<Long> starts = new ArrayList<>();
    private final List<ByteBuffer> ranges = new ArrayList<>();

    /** Adds {@code size} zero bytes at {@code start}; ranges must be added ascending and apart. */
    public FakeMemory range(long start, int size) {
        starts.add(start);
        ranges.add(ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN));
        return this;
    }

    private ByteBuffer holding(long pa, int length) {
        for (int i = 0; i < starts.size(); i++) {
            long start = starts.get(i);
            if (pa >= start && pa + length <= start + ranges.get(i).capacity()) {
                return ranges.get(i).duplicate().order(ByteOrder.LITTLE_ENDIAN).position((int) (pa - start));
            }
        }
        throw new IllegalArgumentException("no range holds " + length + " bytes at " + Long.toHexString(pa));
    }

    public FakeMemory put64(long pa, long value) {
        holding(pa, 8).putLong(value);
        return this;
    }

    public FakeMemory put32(long pa, int value) {
        holding(pa, 4).putInt(value);
        return this;
    }

    public FakeMemory put(long pa, byte[] bytes) {
        holding(pa, bytes.length).put(bytes);
        return this;
    }

    @Override
    public String format() {
        return "fake";
    }

    @Override
    public String description() {
        return "test memory";
    }

    @Override
    public long size() {
        int last = starts.size() - 1;
        return last < 0 ? 0 : starts.get(last) + ranges.get(last).capacity();
    }

    @Override
    public List<PhysicalRange> ranges() {
        List<PhysicalRange> result = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            result.add(new PhysicalRange(new Pa(starts.get(i)), ranges.get(i).capacity()));
        }
        return result;
    }

    @Override
    public ReadResult read(Pa pa, ByteBuffer dst) {
        int total = dst.remaining();
        ReadResult.Builder absent = new ReadResult.Builder();
        for (int done = 0; done < total; done++) {
            long at = pa.value() + done;
            byte value = 0;
            boolean found = false;
            for (int i = 0; i < starts.size() && !found; i++) {
                long start = starts.get(i);
                if (at >= start && at < start + ranges.get(i).capacity()) {
                    value = ranges.get(i).get((int) (at - start));
                    found = true;
                }
            }
            dst.put(value);
            if (!found) {
                absent.absent(done, done + 1);
            }
        }
        return absent.build(total);
    }

    @Override
    public void close() {
    }
}
