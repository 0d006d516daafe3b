package org.memvfs.win.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;

/**
 * A few MiB of physical memory held in a byte array, written value by value by a unit test, for the
 * cases that need no whole sample image: a list with a cycle, a PTE of each kind, a tiny PE header.
 */
public final class ToyMemory implements PhysicalMemory {
    private final ByteBuffer bytes;

    public ToyMemory(int size) {
        bytes = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    public ToyMemory put64(long pa, long value) {
        bytes.putLong((int) pa, value);
        return this;
    }

    public ToyMemory put32(long pa, long value) {
        bytes.putInt((int) pa, (int) value);
        return this;
    }

    public ToyMemory put16(long pa, long value) {
        bytes.putShort((int) pa, (short) value);
        return this;
    }

    public ToyMemory put8(long pa, long value) {
        bytes.put((int) pa, (byte) value);
        return this;
    }

    public ToyMemory put(long pa, byte[] data) {
        bytes.put((int) pa, data);
        return this;
    }

    public ToyMemory putAscii(long pa, String text) {
        return put(pa, (text + "\0").getBytes(StandardCharsets.ISO_8859_1));
    }

    public ToyMemory putUtf16(long pa, String text) {
        return put(pa, text.getBytes(StandardCharsets.UTF_16LE));
    }

    @Override
    public String format() {
        return "toy";
    }

    @Override
    public String description() {
        return "toy memory of " + bytes.capacity() + " bytes";
    }

    @Override
    public long size() {
        return bytes.capacity();
    }

    @Override
    public List<PhysicalRange> ranges() {
        return List.of(new PhysicalRange(new Pa(0), bytes.capacity()));
    }

    @Override
    public ReadResult read(Pa pa, ByteBuffer dst) {
        int length = dst.remaining();
        ReadResult.Builder absent = new ReadResult.Builder();
        for (int i = 0; i < length; i++) {
            long at = pa.value() + i;
            if (at >= 0 && at < bytes.capacity()) {
                dst.put(bytes.get((int) at));
            } else {
                dst.put((byte) 0);
                absent.absent(i, i + 1);
            }
        }
        return absent.build(length);
    }

    @Override
    public void close() {
    }
}
