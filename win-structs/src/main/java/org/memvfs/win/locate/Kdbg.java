package org.memvfs.win.locate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.OptionalLong;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Va;
import org.memvfs.win.object.MemoryReader;
import org.memvfs.win.profile.WindowsProfile;

/**
 * The kernel debugger data block (KDBG, {@code _KDDEBUGGER_DATA64}), which names the process and
 * module list heads. It is found from a hint, from the profile's symbol RVA (valid only when the
 * profile was made from this very kernel, same GUID and age), or by scanning ntoskrnl for a plain
 * block whose OwnerTag is {@code KDBG} and whose KernBase is the image base.
 *
 * <p>On x64 Windows 8 and later the block is stored encoded when {@code KdpDataBlockEncoded} is set;
 * with the RVAs of that flag and of {@code KiWaitNever}/{@code KiWaitAlways} it is decoded qword by
 * qword: {@code v = q ^ KiWaitNever; v = rotl64(v, KiWaitNever & 0xff); v ^= &KdpDataBlockEncoded;
 * v = bswap64(v); v ^= KiWaitAlways} (the method of MemProcFS; see win-offsets/README.md).
 */
final class Kdbg {
    private static final String STRUCT = "_KDDEBUGGER_DATA64";
    private static final int OWNER_TAG = 0x4742_444B;   // "KDBG" as a little-endian u32
    private static final int SCAN_CHUNK = 1 << 20;

    private final WindowsProfile profile;
    private final Va address;
    private final boolean encoded;
    private final ByteBuffer block;

    private Kdbg(WindowsProfile profile, Va address, boolean encoded, ByteBuffer block) {
        this.profile = profile;
        this.address = address;
        this.encoded = encoded;
        this.block = block;
    }

    Va address() {
        return address;
    }

    boolean encoded() {
        return encoded;
    }

    /** A pointer member of the block; on x86 the 64-bit field holds a 32-bit address. */
    Va pointer(String field, int pointerSize) {
        long value = block.getLong(profile.offset(STRUCT, field));
        return new Va(pointerSize == Long.BYTES ? value : value & 0xffff_ffffL);
    }

    /** The block of this kernel, or empty when no method finds one. */
    static Optional<Kdbg> find(WindowsProfile profile, MemoryReader reader, KernelImage kernel, KernelHints hints,
            boolean rvasValid, Steps steps) {
        if (hints.kdDebuggerDataBlock() != null) {
            Optional<Kdbg> given = read(profile, reader, kernel, hints.kdDebuggerDataBlock(), rvasValid);
            steps.add("KDBG at the given " + hints.kdDebuggerDataBlock() + (given.isPresent() ? describe(given.get())
                    : ": no valid block there"));
            if (given.isPresent()) {
                return given;
            }
        }
        OptionalLong rva = rvasValid ? profile.symbolRva("KdDebuggerDataBlock") : OptionalLong.empty();
        if (rva.isPresent()) {
            Va at = kernel.base().plus(rva.getAsLong());
            Optional<Kdbg> bySymbol = read(profile, reader, kernel, at, true);
            steps.add("KDBG at ntoskrnl + " + Hex.of(rva.getAsLong()) + " (KdDebuggerDataBlock in " + profile.id()
                    + ")" + (bySymbol.isPresent() ? describe(bySymbol.get()) : ": not a valid block"));
            if (bySymbol.isPresent()) {
                return bySymbol;
            }
        }
        Optional<Kdbg> scanned = scan(profile, reader, kernel);
        steps.add(scanned.map(k -> "KDBG found by scanning ntoskrnl for its OwnerTag and KernBase" + describe(k))
                .orElse("no plain KDBG block in ntoskrnl" + (rva.isPresent() ? "" : " (and no symbol RVA to find an encoded one)")));
        return scanned;
    }

    private static String describe(Kdbg k) {
        return ": " + k.address + (k.encoded ? ", encoded, decoded with KiWaitNever/KiWaitAlways" : ", plain");
    }

    /** The block at {@code at}, decoding it when it is encoded and the key RVAs are valid. */
    private static Optional<Kdbg> read(WindowsProfile profile, MemoryReader reader, KernelImage kernel, Va at,
            boolean rvasValid) {
        int size = profile.structSize(STRUCT);
        ByteBuffer raw;
        try {
            raw = ByteBuffer.wrap(reader.bytes(at, size, "KDBG at " + at)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (MemoryException e) {
            return Optional.empty();
        }
        if (isValid(profile, raw, kernel, reader.pointerSize())) {
            return Optional.of(new Kdbg(profile, at, false, raw));
        }
        if (!rvasValid) {
            return Optional.empty();
        }
        OptionalLong flag = profile.symbolRva("KdpDataBlockEncoded");
        OptionalLong never = profile.symbolRva("KiWaitNever");
        OptionalLong always = profile.symbolRva("KiWaitAlways");
        if (flag.isEmpty() || never.isEmpty() || always.isEmpty()) {
            return Optional.empty();
        }
        try {
            Va flagVa = kernel.base().plus(flag.getAsLong());
            if (reader.u8(flagVa, "KdpDataBlockEncoded at " + flagVa) == 0) {
                return Optional.empty();
            }
            long waitNever = reader.u64(kernel.base().plus(never.getAsLong()), "KiWaitNever");
            long waitAlways = reader.u64(kernel.base().plus(always.getAsLong()), "KiWaitAlways");
            ByteBuffer decoded = decode(raw, waitNever, waitAlways, flagVa.value());
            return isValid(profile, decoded, kernel, reader.pointerSize())
                    ? Optional.of(new Kdbg(profile, at, true, decoded)) : Optional.empty();
        } catch (MemoryException e) {
            return Optional.empty();
        }
    }

    /** The encoded block {@code raw} decoded qword by qword, as the class comment says. */
    static ByteBuffer decode(ByteBuffer raw, long waitNever, long waitAlways, long flagAddress) {
        ByteBuffer out = ByteBuffer.allocate(raw.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + Long.BYTES <= raw.capacity(); at += Long.BYTES) {
            long v = raw.getLong(at) ^ waitNever;
            v = Long.rotateLeft(v, (int) (waitNever & 0xff));
            v ^= flagAddress;
            v = Long.reverseBytes(v);
            v ^= waitAlways;
            out.putLong(at, v);
        }
        return out;
    }

    private static boolean isValid(WindowsProfile profile, ByteBuffer block, KernelImage kernel, int pointerSize) {
        long kernBase = block.getLong(profile.offset(STRUCT, "KernBase"));
        long base = kernel.base().value();
        boolean sameBase = pointerSize == Long.BYTES ? kernBase == base : (kernBase & 0xffff_ffffL) == base;
        return block.getInt(profile.offset(STRUCT, "Header.OwnerTag")) == OWNER_TAG && sameBase;
    }

    /** A plain block inside ntoskrnl's image: OwnerTag {@code KDBG} and KernBase the image base. */
    private static Optional<Kdbg> scan(WindowsProfile profile, MemoryReader reader, KernelImage kernel) {
        int tagOffset = profile.offset(STRUCT, "Header.OwnerTag");
        int step = reader.pointerSize();
        long size = Math.min(kernel.size(), 256L << 20);
        ByteBuffer chunk = ByteBuffer.allocate(SCAN_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (long offset = 0; offset < size; offset += SCAN_CHUNK) {
            chunk.clear().limit((int) Math.min(SCAN_CHUNK, size - offset));
            reader.space().read(kernel.base().plus(offset), chunk);
            for (int at = 0; at + tagOffset + 4 <= chunk.limit(); at += step) {
                if (chunk.getInt(at + tagOffset) == OWNER_TAG) {
                    Optional<Kdbg> found = read(profile, reader, kernel, kernel.base().plus(offset + at), false);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }
}
