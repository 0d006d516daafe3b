package org.memvfs.win.locate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.memvfs.mmu.Va;

/**
 * An export directory read whole into memory. Like a real kernel's, its name table, ordinal table,
 * function table and name strings must all lie inside the directory's stated range; one whose
 * tables point elsewhere is refused ({@link #parse} answers empty), which also keeps every lookup
 * within the bytes read.
 */
final class PeExports {
    /** More names than any real DLL exports (ntoskrnl has about 3,000). */
    private static final int MAX_NAMES = 65_536;

    private final Va imageBase;
    private final long directoryRva;
    private final ByteBuffer data;
    private final String name;
    private final int functionCount;
    private final int nameCount;
    private final int functions;
    private final int names;
    private final int ordinals;

    private PeExports(Va imageBase, long directoryRva, ByteBuffer data, String name, int functionCount, int nameCount,
            int functions, int names, int ordinals) {
        this.imageBase = imageBase;
        this.directoryRva = directoryRva;
        this.data = data;
        this.name = name;
        this.functionCount = functionCount;
        this.nameCount = nameCount;
        this.functions = functions;
        this.names = names;
        this.ordinals = ordinals;
    }

    /** The directory of the image at {@code imageBase} whose bytes, from RVA {@code directoryRva}, are {@code bytes}. */
    static Optional<PeExports> parse(Va imageBase, long directoryRva, byte[] bytes) {
        ByteBuffer d = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int size = bytes.length;
        long functionCount = d.getInt(PeFormat.EXPORT_NUMBER_OF_FUNCTIONS) & 0xffff_ffffL;
        long nameCount = d.getInt(PeFormat.EXPORT_NUMBER_OF_NAMES) & 0xffff_ffffL;
        long nameRva = inside(d.getInt(PeFormat.EXPORT_NAME), directoryRva, size, 1);
        long functionsAt = inside(d.getInt(PeFormat.EXPORT_ADDRESS_OF_FUNCTIONS), directoryRva, size, functionCount * 4);
        long namesAt = inside(d.getInt(PeFormat.EXPORT_ADDRESS_OF_NAMES), directoryRva, size, nameCount * 4);
        long ordinalsAt = inside(d.getInt(PeFormat.EXPORT_ADDRESS_OF_NAME_ORDINALS), directoryRva, size, nameCount * 2);
        if (functionCount > MAX_NAMES || nameCount > MAX_NAMES || nameRva < 0 || functionsAt < 0 || namesAt < 0
                || ordinalsAt < 0) {
            return Optional.empty();
        }
        for (int i = 0; i < nameCount; i++) {
            if (inside(d.getInt((int) namesAt + 4 * i), directoryRva, size, 1) < 0) {
                return Optional.empty();
            }
        }
        String name = PeImage.cString(bytes, (int) nameRva, size - (int) nameRva);
        return Optional.of(new PeExports(imageBase, directoryRva, d, name, (int) functionCount, (int) nameCount,
                (int) functionsAt, (int) namesAt, (int) ordinalsAt));
    }

    /** The offset within the directory of {@code rva} when {@code length} bytes from it lie inside; else -1. */
    private static long inside(int rva, long directoryRva, int size, long length) {
        long offset = (rva & 0xffff_ffffL) - directoryRva;
        return offset >= 0 && offset + length <= size ? offset : -1;
    }

    /** The DLL name the directory gives, e.g. {@code ntoskrnl.exe}. */
    String name() {
        return name;
    }

    int nameCount() {
        return nameCount;
    }

    /** Where the export {@code symbol} is; empty when there is no such name or it is forwarded elsewhere. */
    Optional<Va> find(String symbol) {
        for (int i = 0; i < nameCount; i++) {
            int nameAt = (int) ((data.getInt(names + 4 * i) & 0xffff_ffffL) - directoryRva);
            if (!PeImage.cString(data.array(), nameAt, data.capacity() - nameAt).equals(symbol)) {
                continue;
            }
            int ordinal = data.getShort(ordinals + 2 * i) & 0xffff;
            if (ordinal >= functionCount) {
                return Optional.empty();
            }
            long rva = data.getInt(functions + 4 * ordinal) & 0xffff_ffffL;
            boolean forwarder = rva >= directoryRva && rva < directoryRva + data.capacity();
            return rva == 0 || forwarder ? Optional.empty() : Optional.of(imageBase.plus(rva));
        }
        return Optional.empty();
    }
}
