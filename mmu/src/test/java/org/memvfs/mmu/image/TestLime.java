package org.memvfs.mmu.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;

/** Writes a LiME image of any physical memory as LiME's {@code format=lime} does: one range per range. */
public final class TestLime {
    private TestLime() {
    }

    public static byte[] of(PhysicalMemory source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (PhysicalRange range : source.ranges()) {
            out.writeBytes(header(range.start().value(), range.end().value() - 1));
            ByteBuffer data = ByteBuffer.allocate((int) range.length());
            source.read(range.start(), data);
            out.writeBytes(data.array());
        }
        return out.toByteArray();
    }

    /** A range header: magic, version 1, first and last (inclusive) address, 8 reserved bytes. */
    public static byte[] header(long start, long last) {
        return ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putInt(0x4c69_4d45).putInt(1).putLong(start)
                .putLong(last).array();
    }
}
