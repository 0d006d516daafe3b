package org.memvfs.win.sample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link PeImage} into the bytes a loaded PE image has at its RVAs: the DOS header and
 * stub, the NT headers with one section header per section, the export directory (directory,
 * function, name and ordinal arrays, DLL name and export names, all inside the range data
 * directory 0 states) and the debug directory with its CodeView {@code RSDS} record. Layouts are
 * the PE/COFF specification's.
 */
final class PeImageWriter {
    /** Where the NT headers start (e_lfanew); real images put them after the DOS stub and a Rich header. */
    static final int NT_HEADERS_OFFSET = 0x100;
    private static final int DOS_LFANEW_FIELD = 0x3C;
    private static final int FILE_HEADER_SIZE = 20;
    private static final int OPTIONAL_HEADER_64 = 0xF0;
    private static final int OPTIONAL_HEADER_32 = 0xE0;
    private static final int SECTION_HEADER_SIZE = 40;
    private static final int DATA_DIRECTORIES = 16;
    private static final int DIRECTORY_EXPORT = 0;
    private static final int DIRECTORY_DEBUG = 6;
    private static final int EXPORT_DIRECTORY_SIZE = 40;
    private static final int DEBUG_DIRECTORY_SIZE = 28;
    private static final int DEBUG_TYPE_CODEVIEW = 2;
    private static final int FILE_ALIGNMENT = 0x200;
    /** The 14 bytes of 16-bit code every linker puts after the DOS header: print the message, exit. */
    private static final byte[] DOS_STUB_CODE = HexFormat.of().parseHex("0e1fba0e00b409cd21b8014ccd21");
    private static final String DOS_STUB_TEXT = "This program cannot be run in DOS mode.\r\r\n$";

    /** A run of bytes at an RVA of the image. */
    record Chunk(int rva, byte[] bytes) {
    }

    private PeImageWriter() {
    }

    /** The header page, the export directory and the debug directory, each at its RVA. */
    static List<Chunk> write(PeImage image) {
        List<Chunk> chunks = new ArrayList<>();
        int exportSize = 0;
        if (image.exportName() != null) {
            byte[] exports = exportDirectory(image);
            exportSize = exports.length;
            chunks.add(new Chunk(image.exportRva(), exports));
        }
        if (image.codeView() != null) {
            chunks.add(new Chunk(image.debugRva(), debugDirectory(image)));
        }
        chunks.add(0, new Chunk(0, headers(image, exportSize)));
        return chunks;
    }

    /** The size of the headers as the file and SizeOfHeaders state it. */
    static int sizeOfHeaders(PeImage image) {
        int end = NT_HEADERS_OFFSET + 4 + FILE_HEADER_SIZE + optionalHeaderSize(image)
                + SECTION_HEADER_SIZE * image.sections().size();
        return align(end, FILE_ALIGNMENT);
    }

    private static int optionalHeaderSize(PeImage image) {
        return image.is64Bit() ? OPTIONAL_HEADER_64 : OPTIONAL_HEADER_32;
    }

    private static byte[] headers(PeImage image, int exportSize) {
        int headerSize = sizeOfHeaders(image);
        if (headerSize > PhysicalPages.PAGE) {
            throw new IllegalArgumentException("too many sections for one header page");
        }
        byte[] h = new byte[headerSize];
        // DOS header: the fields a linker sets, e_lfanew last
        LittleEndian.putShort(h, 0x00, 0x5A4D);
        LittleEndian.putShort(h, 0x02, 0x90);
        LittleEndian.putShort(h, 0x04, 3);
        LittleEndian.putShort(h, 0x08, 4);
        LittleEndian.putShort(h, 0x0C, 0xFFFF);
        LittleEndian.putShort(h, 0x10, 0xB8);
        LittleEndian.putShort(h, 0x18, 0x40);
        LittleEndian.putInt(h, DOS_LFANEW_FIELD, NT_HEADERS_OFFSET);
        System.arraycopy(DOS_STUB_CODE, 0, h, 0x40, DOS_STUB_CODE.length);
        byte[] text = DOS_STUB_TEXT.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, h, 0x40 + DOS_STUB_CODE.length, text.length);

        int nt = NT_HEADERS_OFFSET;
        LittleEndian.putInt(h, nt, 0x0000_4550);
        int fh = nt + 4;
        LittleEndian.putShort(h, fh, image.machine());
        LittleEndian.putShort(h, fh + 2, image.sections().size());
        LittleEndian.putInt(h, fh + 4, image.timeDateStamp());
        LittleEndian.putShort(h, fh + 16, optionalHeaderSize(image));
        LittleEndian.putShort(h, fh + 18, image.characteristics());

        int oh = fh + FILE_HEADER_SIZE;
        boolean pe64 = image.is64Bit();
        LittleEndian.putShort(h, oh, pe64 ? 0x20B : 0x10B);
        h[oh + 2] = 14;
        h[oh + 3] = 20;
        int code = 0;
        int data = 0;
        int baseOfCode = 0;
        int baseOfData = 0;
        for (PeImage.Section s : image.sections()) {
            if ((s.characteristics() & 0x20) != 0) {
                code += align(s.virtualSize(), FILE_ALIGNMENT);
                baseOfCode = baseOfCode == 0 ? s.rva() : baseOfCode;
            } else {
                data += align(s.virtualSize(), FILE_ALIGNMENT);
                baseOfData = baseOfData == 0 ? s.rva() : baseOfData;
            }
        }
        LittleEndian.putInt(h, oh + 4, code);
        LittleEndian.putInt(h, oh + 8, data);
        LittleEndian.putInt(h, oh + 16, image.entryRva());
        LittleEndian.putInt(h, oh + 20, baseOfCode);
        int after;
        if (pe64) {
            LittleEndian.putLong(h, oh + 24, image.imageBase());
            after = oh + 32;
        } else {
            LittleEndian.putInt(h, oh + 24, baseOfData);
            LittleEndian.putInt(h, oh + 28, (int) image.imageBase());
            after = oh + 32;
        }
        LittleEndian.putInt(h, after, PhysicalPages.PAGE);
        LittleEndian.putInt(h, after + 4, FILE_ALIGNMENT);
        int major = image.osVersion() >>> 8;
        int minor = image.osVersion() & 0xFF;
        for (int field = 8; field <= 16; field += 4) {
            LittleEndian.putShort(h, after + field, major);
            LittleEndian.putShort(h, after + field + 2, minor);
        }
        LittleEndian.putInt(h, after + 24, image.sizeOfImage());
        LittleEndian.putInt(h, after + 28, headerSize);
        LittleEndian.putInt(h, after + 32, checksum(image));
        LittleEndian.putShort(h, after + 36, image.subsystem());
        // DllCharacteristics: dynamic base, NX compatible, terminal-server aware (+ high entropy VA on x64)
        LittleEndian.putShort(h, after + 38, pe64 ? 0x8160 : 0x8140);
        int sizes = after + 40;
        int pointer = pe64 ? 8 : 4;
        LittleEndian.put(h, sizes, 0x80000, pointer);
        LittleEndian.put(h, sizes + pointer, 0x2000, pointer);
        LittleEndian.put(h, sizes + 2 * pointer, 0x100000, pointer);
        LittleEndian.put(h, sizes + 3 * pointer, 0x1000, pointer);
        int loaderFlags = sizes + 4 * pointer;
        LittleEndian.putInt(h, loaderFlags + 4, DATA_DIRECTORIES);
        int dirs = loaderFlags + 8;
        if (image.exportName() != null) {
            LittleEndian.putInt(h, dirs + DIRECTORY_EXPORT * 8, image.exportRva());
            LittleEndian.putInt(h, dirs + DIRECTORY_EXPORT * 8 + 4, exportSize);
        }
        if (image.codeView() != null) {
            LittleEndian.putInt(h, dirs + DIRECTORY_DEBUG * 8, image.debugRva());
            LittleEndian.putInt(h, dirs + DIRECTORY_DEBUG * 8 + 4, DEBUG_DIRECTORY_SIZE);
        }

        int sh = oh + optionalHeaderSize(image);
        int rawPointer = headerSize;
        for (PeImage.Section s : image.sections()) {
            byte[] name = s.name().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, h, sh, name.length);
            int raw = align(s.virtualSize(), FILE_ALIGNMENT);
            LittleEndian.putInt(h, sh + 8, s.virtualSize());
            LittleEndian.putInt(h, sh + 12, s.rva());
            LittleEndian.putInt(h, sh + 16, raw);
            LittleEndian.putInt(h, sh + 20, rawPointer);
            LittleEndian.putInt(h, sh + 36, s.characteristics());
            rawPointer += raw;
            sh += SECTION_HEADER_SIZE;
        }
        return h;
    }

    private static byte[] exportDirectory(PeImage image) {
        Map<String, Integer> exports = image.exports();
        int n = exports.size();
        int base = image.exportRva();
        int functions = EXPORT_DIRECTORY_SIZE;
        int names = functions + 4 * n;
        int ordinals = names + 4 * n;
        int dllName = align(ordinals + 2 * n, 4);
        byte[] dll = LittleEndian.asciiz(image.exportName());
        int strings = dllName + dll.length;
        int size = strings;
        for (String name : exports.keySet()) {
            size += LittleEndian.asciiz(name).length;
        }
        byte[] e = new byte[align(size, 4)];
        LittleEndian.putInt(e, 4, image.timeDateStamp());
        LittleEndian.putInt(e, 12, base + dllName);
        LittleEndian.putInt(e, 16, 1);
        LittleEndian.putInt(e, 20, n);
        LittleEndian.putInt(e, 24, n);
        LittleEndian.putInt(e, 28, base + functions);
        LittleEndian.putInt(e, 32, base + names);
        LittleEndian.putInt(e, 36, base + ordinals);
        System.arraycopy(dll, 0, e, dllName, dll.length);
        int index = 0;
        int at = strings;
        // the name table must be sorted (the loader searches it by halves); a SortedMap is
        for (Map.Entry<String, Integer> export : exports.entrySet()) {
            int rva = export.getValue();
            if (rva >= base && rva < base + e.length) {
                throw new IllegalArgumentException(export.getKey() + " would be a forwarder: its RVA lies in the export directory");
            }
            LittleEndian.putInt(e, functions + 4 * index, rva);
            LittleEndian.putInt(e, names + 4 * index, base + at);
            LittleEndian.putShort(e, ordinals + 2 * index, index);
            byte[] name = LittleEndian.asciiz(export.getKey());
            System.arraycopy(name, 0, e, at, name.length);
            at += name.length;
            index++;
        }
        return e;
    }

    private static byte[] debugDirectory(PeImage image) {
        PeImage.CodeView cv = image.codeView();
        byte[] pdb = LittleEndian.asciiz(cv.pdbName());
        int recordSize = 4 + 16 + 4 + pdb.length;
        byte[] d = new byte[DEBUG_DIRECTORY_SIZE + recordSize];
        LittleEndian.putInt(d, 4, image.timeDateStamp());
        LittleEndian.putInt(d, 12, DEBUG_TYPE_CODEVIEW);
        LittleEndian.putInt(d, 16, recordSize);
        LittleEndian.putInt(d, 20, image.debugRva() + DEBUG_DIRECTORY_SIZE);
        LittleEndian.putInt(d, 24, image.debugRva() + DEBUG_DIRECTORY_SIZE);
        int r = DEBUG_DIRECTORY_SIZE;
        LittleEndian.putInt(d, r, 0x5344_5352);
        System.arraycopy(guidBytes(cv.guid()), 0, d, r + 4, 16);
        LittleEndian.putInt(d, r + 20, (int) cv.age());
        System.arraycopy(pdb, 0, d, r + 24, pdb.length);
        return d;
    }

    /**
     * The 16 bytes of a GUID written as 32 hex digits, as a CodeView record stores them: Data1 as
     * a little-endian 32-bit value, Data2 and Data3 as little-endian 16-bit values, then 8 bytes.
     */
    static byte[] guidBytes(String guid) {
        byte[] text = HexFormat.of().parseHex(guid);
        return new byte[] {
            text[3], text[2], text[1], text[0], text[5], text[4], text[7], text[6],
            text[8], text[9], text[10], text[11], text[12], text[13], text[14], text[15],
        };
    }

    /** Not the real PE checksum (which needs the file), but a stable non-zero value, as the field always is for system images. */
    private static int checksum(PeImage image) {
        return (int) ((image.sizeOfImage() * 31L + image.timeDateStamp()) & 0x7FFF_FFFF) | 1;
    }

    private static int align(int value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
