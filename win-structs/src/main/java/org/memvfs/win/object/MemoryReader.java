package org.memvfs.win.object;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.ReadResult;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.WalkStep;

/**
 * Little-endian values read from one address space, failing loudly: a read that finds any byte
 * absent throws an {@link ObjectReadException} that says what was being read, where, and why the
 * page was not there (not present, paged out with the paging file and offset, outside the image).
 * Safe for concurrent use.
 */
public final class MemoryReader {
    /** The most a single object read may ask for: far above any kernel struct or name. */
    public static final int MAX_READ = 16 << 20;

    private final AddressSpace space;
    private final int pointerSize;

    /**
     * @param pointerSize 8 on x64, 4 on x86 and for the 32-bit structures of WoW64 processes
     */
    public MemoryReader(AddressSpace space, int pointerSize) {
        if (pointerSize != Integer.BYTES && pointerSize != Long.BYTES) {
            throw new IllegalArgumentException("a pointer is 4 or 8 bytes, not " + pointerSize);
        }
        this.space = space;
        this.pointerSize = pointerSize;
    }

    public AddressSpace space() {
        return space;
    }

    public int pointerSize() {
        return pointerSize;
    }

    /** The same address space read with pointers of {@code size} bytes. */
    public MemoryReader withPointerSize(int size) {
        return size == pointerSize ? this : new MemoryReader(space, size);
    }

    /**
     * {@code length} bytes from {@code va}.
     *
     * @param what names the thing read and its address for the error, e.g. {@code PEB of pid 4 at …}
     * @throws ObjectReadException when any byte is absent
     */
    public byte[] bytes(Va va, int length, String what) {
        return bytes(va, length, what, null);
    }

    /**
     * {@code length} bytes from {@code va}, for an error that names the object and then the part of
     * it being read: {@code PEB of pid 4 at …: paged out (…), reading _PEB.Ldr}.
     *
     * @param reading the field being read, or null
     */
    public byte[] bytes(Va va, int length, String what, String reading) {
        if (length < 0 || length > MAX_READ) {
            throw new ObjectReadException(what + ": refusing to read " + length + " bytes",
                    MemoryException.Context.NONE.withVa(va).withRoot(space.root()));
        }
        byte[] data = new byte[length];
        ReadResult result = space.read(va, ByteBuffer.wrap(data));
        if (!result.isComplete()) {
            throw unreadable(va, result.absentSpans().get(0).start(), what, reading);
        }
        return data;
    }

    /** Whether all {@code length} bytes from {@code va} can be read. */
    public boolean isReadable(Va va, int length) {
        return space.read(va, ByteBuffer.allocate(length)).isComplete();
    }

    /** An unsigned value of {@code size} bytes (1, 2, 4 or 8) at {@code va}. */
    public long unsigned(Va va, int size, String what) {
        return unsigned(va, size, what, null);
    }

    /** An unsigned value, for an error naming the object and the field being read (see {@link #bytes(Va, int, String, String)}). */
    public long unsigned(Va va, int size, String what, String reading) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes(va, size, what, reading)).order(ByteOrder.LITTLE_ENDIAN);
        return switch (size) {
            case 1 -> buffer.get(0) & 0xffL;
            case 2 -> buffer.getShort(0) & 0xffffL;
            case 4 -> buffer.getInt(0) & 0xffff_ffffL;
            case 8 -> buffer.getLong(0);
            default -> throw new IllegalArgumentException("no " + size + "-byte integers");
        };
    }

    public long u8(Va va, String what) {
        return unsigned(va, 1, what);
    }

    public long u16(Va va, String what) {
        return unsigned(va, 2, what);
    }

    public long u32(Va va, String what) {
        return unsigned(va, 4, what);
    }

    public long u64(Va va, String what) {
        return unsigned(va, 8, what);
    }

    /** A pointer at {@code va}: 8 bytes, or 4 bytes zero-extended. */
    public Va pointer(Va va, String what) {
        return new Va(unsigned(va, pointerSize, what));
    }

    /** Why the byte at {@code va + offset} could not be read, as an exception for {@code what}. */
    ObjectReadException unreadable(Va va, int offset, String what, String reading) {
        Va at = va.plus(offset);
        Translation t = space.translate(at);
        String why;
        if (t.isMapped()) {
            why = "physical page " + t.pageBase().orElseThrow() + " is not in the image";
        } else {
            why = t.reason().text() + (t.detail().isEmpty() ? "" : " (" + t.detail() + ")");
        }
        if (!at.equals(va)) {
            why = at + " " + why;
        }
        if (reading != null) {
            why = why + ", reading " + reading;
        }
        MemoryException.Context context = MemoryException.Context.NONE.withVa(at).withRoot(space.root());
        if (!t.steps().isEmpty()) {
            WalkStep last = t.steps().get(t.steps().size() - 1);
            context = context.withLevel(last.level().name(), last.entry());
        }
        return new ObjectReadException(what + ": " + why, context);
    }
}
