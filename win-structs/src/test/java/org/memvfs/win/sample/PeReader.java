package org.memvfs.win.sample;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A test-side reader of a mapped PE image (by the PE/COFF specification), independent of
 * {@link PeImageWriter}: it reads bytes at RVAs through a function, so it works on a byte array
 * or through an address space.
 */
final class PeReader {
    private final BiFunction<Long, Integer, byte[]> bytesAt;
    final int ntHeaders;
    final boolean pe64;

    /** {@code bytesAt(rva, length)} returns the image's bytes. */
    PeReader(BiFunction<Long, Integer, byte[]> bytesAt) {
        this.bytesAt = bytesAt;
        if (u16(0) != 0x5A4D) {
            throw new IllegalStateException("no MZ");
        }
        ntHeaders = (int) u32(0x3C);
        if (u32(ntHeaders) != 0x4550) {
            throw new IllegalStateException("no PE signature");
        }
        pe64 = u16(optionalHeader()) == 0x20B;
    }

    long u16(long rva) {
        return buffer(rva, 2).getShort() & 0xFFFF;
    }

    long u32(long rva) {
        return buffer(rva, 4).getInt() & 0xFFFF_FFFFL;
    }

    long u64(long rva) {
        return buffer(rva, 8).getLong();
    }

    private ByteBuffer buffer(long rva, int length) {
        return ByteBuffer.wrap(bytesAt.apply(rva, length)).order(ByteOrder.LITTLE_ENDIAN);
    }

    String cString(long rva) {
        byte[] b = bytesAt.apply(rva, 256);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    int machine() {
        return (int) u16(ntHeaders + 4);
    }

    int optionalHeader() {
        return ntHeaders + 24;
    }

    long imageBase() {
        return pe64 ? u64(optionalHeader() + 24) : u32(optionalHeader() + 28);
    }

    long sizeOfImage() {
        return u32(optionalHeader() + 56);
    }

    long entryRva() {
        return u32(optionalHeader() + 16);
    }

    long directoryRva(int index) {
        return u32(optionalHeader() + (pe64 ? 112 : 96) + 8L * index);
    }

    long directorySize(int index) {
        return u32(optionalHeader() + (pe64 ? 112 : 96) + 8L * index + 4);
    }

    /** Section name → {rva, virtual size}. */
    Map<String, long[]> sections() {
        int count = (int) u16(ntHeaders + 6);
        int table = optionalHeader() + (int) u16(ntHeaders + 20);
        Map<String, long[]> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int at = table + 40 * i;
            byte[] name = bytesAt.apply((long) at, 8);
            int n = 0;
            while (n < 8 && name[n] != 0) {
                n++;
            }
            out.put(new String(name, 0, n, StandardCharsets.US_ASCII), new long[] {u32(at + 12), u32(at + 8)});
        }
        return out;
    }

    /** The export directory: its name and each name → function RVA, checking that everything lies in its range. */
    Exports exports() {
        long rva = directoryRva(0);
        long size = directorySize(0);
        long functions = u32(rva + 28);
        long names = u32(rva + 32);
        long ordinals = u32(rva + 36);
        int count = (int) u32(rva + 24);
        List<Long> inside = new ArrayList<>(List.of(u32(rva + 12), functions, names, ordinals,
                functions + 4L * u32(rva + 20) - 1, names + 4L * count - 1, ordinals + 2L * count - 1));
        Map<String, Long> byName = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            long nameRva = u32(names + 4L * i);
            String name = cString(nameRva);
            inside.add(nameRva);
            inside.add(nameRva + name.length());
            int ordinal = (int) u16(ordinals + 2L * i);
            byName.put(name, u32(functions + 4L * ordinal));
        }
        boolean contained = inside.stream().allMatch(a -> a >= rva && a < rva + size);
        return new Exports(cString(u32(rva + 12)), byName, contained);
    }

    record Exports(String dllName, Map<String, Long> byName, boolean allInsideDirectory) {
    }

    /** The RSDS record: {16 GUID bytes, age, pdb name}. */
    Object[] codeView() {
        long debug = directoryRva(6);
        if (u32(debug + 12) != 2) {
            throw new IllegalStateException("the first debug entry is not CodeView");
        }
        long record = u32(debug + 20);
        if (u32(record) != 0x5344_5352L) {
            throw new IllegalStateException("no RSDS signature");
        }
        return new Object[] {bytesAt.apply(record + 4, 16), u32(record + 20), cString(record + 24)};
    }
}
