package org.memvfs.linux.object;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ReadResult;
import org.memvfs.mmu.Va;

/**
 * Reads of kernel memory through the kernel's page tables, all-or-nothing: a read that misses a
 * byte throws {@link KernelReadException} rather than returning zeros that would look like data.
 */
final class KernelMemory {
    private final AddressSpace space;

    KernelMemory(AddressSpace space) {
        this.space = space;
    }

    AddressSpace space() {
        return space;
    }

    /** {@code length} bytes at {@code va}, little-endian, positioned at 0. */
    ByteBuffer read(Va va, int length, String what) {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        ReadResult result = space.read(va, buffer);
        if (!result.isComplete()) {
            throw new KernelReadException("cannot read " + what + " (" + length + " bytes at " + va + "): "
                    + result.absentBytes() + " bytes do not translate", va, space.root());
        }
        return buffer.flip();
    }

    long u64(Va va, String what) {
        return read(va, Long.BYTES, what).getLong(0);
    }

    int u32(Va va, String what) {
        return read(va, Integer.BYTES, what).getInt(0);
    }

    /** An unsigned value of 1, 2, 4 or 8 bytes, as BTF sizes a member. */
    long unsigned(Va va, int size, String what) {
        ByteBuffer b = read(va, size, what);
        return switch (size) {
            case 1 -> Byte.toUnsignedLong(b.get(0));
            case 2 -> Short.toUnsignedLong(b.getShort(0));
            case 4 -> Integer.toUnsignedLong(b.getInt(0));
            case 8 -> b.getLong(0);
            default -> throw new IllegalArgumentException("no " + size + "-byte integers");
        };
    }

    Va pointer(Va va, String what) {
        return new Va(u64(va, what));
    }

    /** A NUL-terminated string of at most {@code max} bytes (fewer when it ends earlier), as UTF-8. */
    String cString(Va va, int max, String what) {
        ByteBuffer bytes = read(va, max, what);
        int end = 0;
        while (end < max && bytes.get(end) != 0) {
            end++;
        }
        return new String(bytes.array(), 0, end, StandardCharsets.UTF_8);
    }

    /**
     * A NUL-terminated string that may end anywhere before {@code max}: read page by page, so that a
     * short string near the end of a mapping does not fail for the bytes beyond it.
     */
    String cStringAcrossPages(Va va, int max, String what) {
        byte[] collected = new byte[max];
        int length = 0;
        Va at = va;
        while (length < max) {
            int chunk = (int) Math.min(max - length, 4096 - at.offsetIn(4096));
            ByteBuffer piece = read(at, chunk, what);
            for (int i = 0; i < chunk; i++) {
                byte b = piece.get(i);
                if (b == 0) {
                    return new String(collected, 0, length, StandardCharsets.UTF_8);
                }
                collected[length++] = b;
            }
            at = at.plus(chunk);
        }
        return new String(collected, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "kernel memory under " + Hex.of(space.root().value());
    }
}
