package org.memvfs.win.locate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Va;
import org.memvfs.win.object.MemoryReader;
import org.memvfs.win.profile.GuidAge;

/**
 * A PE image as it is mapped in memory at {@code base}: its headers, sections, export directory
 * and CodeView debug record. Everything is bounds-checked against what was read; a header that
 * does not add up makes {@link #parse} answer empty rather than throw.
 */
final class PeImage {
    /** One section header: its name, and where it lies relative to the image base. */
    record Section(String name, long rva, long virtualSize) {
    }

    private final MemoryReader reader;
    private final Va base;
    private final ByteBuffer headers;
    private final int nt;
    private final boolean pe32Plus;
    private final int machine;
    private final List<Section> sections;

    private PeImage(MemoryReader reader, Va base, ByteBuffer headers, int nt, boolean pe32Plus, int machine,
            List<Section> sections) {
        this.reader = reader;
        this.base = base;
        this.headers = headers;
        this.nt = nt;
        this.pe32Plus = pe32Plus;
        this.machine = machine;
        this.sections = sections;
    }

    /** The PE image at {@code base}, or empty when its first page is absent or not a PE header. */
    static Optional<PeImage> parse(MemoryReader reader, Va base) {
        return parse(reader, base, null);
    }

    /**
     * The PE image at {@code base}, or empty when its first page is absent or not a PE header; then
     * why, when {@code refused} is given. Only the header page is read: a header that claims more
     * sections than fit there is refused, never followed.
     */
    static Optional<PeImage> parse(MemoryReader reader, Va base, List<String> refused) {
        byte[] page;
        try {
            page = reader.bytes(base, PeFormat.HEADER_BYTES, "PE header at " + base);
        } catch (MemoryException e) {
            return refuse(refused, "the header page cannot be read: " + e.what());
        }
        ByteBuffer h = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        if ((h.getShort(0) & 0xffff) != PeFormat.DOS_MAGIC) {
            return refuse(refused, "no MZ signature");
        }
        int nt = h.getInt(PeFormat.DOS_LFANEW);
        if (nt < PeFormat.DOS_LFANEW + 4 || nt > PeFormat.MAX_LFANEW || (nt & 3) != 0
                || h.getInt(nt) != PeFormat.NT_SIGNATURE) {
            return refuse(refused, "e_lfanew " + Hex.of(Integer.toUnsignedLong(nt)) + " does not lead to a PE signature");
        }
        int machine = h.getShort(nt + PeFormat.FILE_HEADER + PeFormat.FILE_MACHINE) & 0xffff;
        int sectionCount = h.getShort(nt + PeFormat.FILE_HEADER + PeFormat.FILE_NUMBER_OF_SECTIONS) & 0xffff;
        int optionalSize = h.getShort(nt + PeFormat.FILE_HEADER + PeFormat.FILE_SIZE_OF_OPTIONAL_HEADER) & 0xffff;
        int magic = h.getShort(nt + PeFormat.OPTIONAL_HEADER + PeFormat.OPTIONAL_MAGIC) & 0xffff;
        if (magic != PeFormat.MAGIC_PE32 && magic != PeFormat.MAGIC_PE32_PLUS) {
            return refuse(refused, "optional header magic " + Hex.of(magic) + " is neither PE32 nor PE32+");
        }
        int sectionTable = nt + PeFormat.OPTIONAL_HEADER + optionalSize;
        if (sectionCount > PeFormat.MAX_SECTIONS
                || sectionTable + sectionCount * PeFormat.SECTION_HEADER_BYTES > page.length) {
            return refuse(refused, sectionCount + " sections (" + Hex.of(sectionTable) + " + " + sectionCount + " x "
                    + PeFormat.SECTION_HEADER_BYTES + " bytes) do not fit in the " + page.length + "-byte header page");
        }
        List<Section> sections = new ArrayList<>(sectionCount);
        for (int i = 0; i < sectionCount; i++) {
            int at = sectionTable + i * PeFormat.SECTION_HEADER_BYTES;
            sections.add(new Section(cString(page, at, PeFormat.SECTION_NAME_BYTES),
                    h.getInt(at + PeFormat.SECTION_VIRTUAL_ADDRESS) & 0xffff_ffffL,
                    h.getInt(at + PeFormat.SECTION_VIRTUAL_SIZE) & 0xffff_ffffL));
        }
        return Optional.of(new PeImage(reader, base, h, nt, magic == PeFormat.MAGIC_PE32_PLUS, machine,
                List.copyOf(sections)));
    }

    private static Optional<PeImage> refuse(List<String> refused, String why) {
        if (refused != null) {
            refused.add(why);
        }
        return Optional.empty();
    }

    Va base() {
        return base;
    }

    boolean isPe32Plus() {
        return pe32Plus;
    }

    /** Whether the header's machine is the one of a kernel with pointers of {@code pointerSize}. */
    boolean matchesPointerSize(int pointerSize) {
        return pointerSize == Long.BYTES
                ? pe32Plus && machine == PeFormat.MACHINE_AMD64
                : !pe32Plus && machine == PeFormat.MACHINE_I386;
    }

    long sizeOfImage() {
        return headers.getInt(nt + PeFormat.OPTIONAL_HEADER + PeFormat.OPTIONAL_SIZE_OF_IMAGE) & 0xffff_ffffL;
    }

    Va entryPoint() {
        return base.plus(headers.getInt(nt + PeFormat.OPTIONAL_HEADER + PeFormat.OPTIONAL_ENTRY_POINT) & 0xffff_ffffL);
    }

    List<Section> sections() {
        return sections;
    }

    boolean hasSection(String name) {
        return sections.stream().anyMatch(s -> s.name().equals(name));
    }

    /** Whether {@code va} lies inside the image as SizeOfImage states it. */
    boolean contains(Va va) {
        long offset = va.value() - base.value();
        return offset >= 0 && offset < sizeOfImage();
    }

    /** Data directory {@code index}: its RVA and size, or null when the header has no such entry or it is empty. */
    private long[] directory(int index) {
        int countAt = nt + PeFormat.OPTIONAL_HEADER + (pe32Plus ? PeFormat.OPTIONAL_NUMBER_OF_RVA_AND_SIZES_PE32_PLUS
                : PeFormat.OPTIONAL_NUMBER_OF_RVA_AND_SIZES_PE32);
        int tableAt = nt + PeFormat.OPTIONAL_HEADER + (pe32Plus ? PeFormat.OPTIONAL_DATA_DIRECTORY_PE32_PLUS
                : PeFormat.OPTIONAL_DATA_DIRECTORY_PE32);
        int at = tableAt + index * PeFormat.DATA_DIRECTORY_BYTES;
        if (index >= headers.getInt(countAt) || at + PeFormat.DATA_DIRECTORY_BYTES > headers.capacity()) {
            return null;
        }
        long rva = headers.getInt(at) & 0xffff_ffffL;
        long size = headers.getInt(at + 4) & 0xffff_ffffL;
        return rva == 0 || size == 0 ? null : new long[] {rva, size};
    }

    /** The export directory, read whole, or empty when there is none or it cannot be read. */
    Optional<PeExports> exports() {
        long[] dir = directory(PeFormat.DIRECTORY_EXPORT);
        if (dir == null || dir[1] < PeFormat.EXPORT_DIRECTORY_BYTES || dir[1] > PeFormat.MAX_EXPORT_DIRECTORY
                || dir[0] + dir[1] > sizeOfImage()) {
            return Optional.empty();
        }
        try {
            byte[] data = reader.bytes(base.plus(dir[0]), (int) dir[1], "export directory at " + base.plus(dir[0]));
            return PeExports.parse(base, dir[0], data);
        } catch (MemoryException e) {
            return Optional.empty();
        }
    }

    /** The PDB identity from the RSDS CodeView debug record, with the PDB file name; empty when there is none. */
    Optional<CodeView> codeView() {
        long[] dir = directory(PeFormat.DIRECTORY_DEBUG);
        if (dir == null || dir[0] + dir[1] > sizeOfImage()) {
            return Optional.empty();
        }
        int entries = (int) Math.min(dir[1] / PeFormat.DEBUG_ENTRY_BYTES, PeFormat.MAX_DEBUG_ENTRIES);
        try {
            ByteBuffer table = ByteBuffer.wrap(reader.bytes(base.plus(dir[0]), entries * PeFormat.DEBUG_ENTRY_BYTES,
                    "debug directory at " + base.plus(dir[0]))).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < entries; i++) {
                int at = i * PeFormat.DEBUG_ENTRY_BYTES;
                if (table.getInt(at + PeFormat.DEBUG_TYPE) != PeFormat.DEBUG_TYPE_CODEVIEW) {
                    continue;
                }
                long size = table.getInt(at + PeFormat.DEBUG_SIZE_OF_DATA) & 0xffff_ffffL;
                long rva = table.getInt(at + PeFormat.DEBUG_ADDRESS_OF_RAW_DATA) & 0xffff_ffffL;
                if (size < PeFormat.CODEVIEW_PDB_NAME || rva == 0 || rva + size > sizeOfImage()) {
                    continue;
                }
                byte[] record = reader.bytes(base.plus(rva), (int) Math.min(size, PeFormat.MAX_CODEVIEW),
                        "CodeView record at " + base.plus(rva));
                ByteBuffer cv = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
                if (cv.getInt(0) != PeFormat.CODEVIEW_RSDS) {
                    continue;
                }
                byte[] guid = new byte[PeFormat.CODEVIEW_GUID_BYTES];
                System.arraycopy(record, PeFormat.CODEVIEW_GUID, guid, 0, guid.length);
                long age = cv.getInt(PeFormat.CODEVIEW_AGE) & 0xffff_ffffL;
                String pdb = cString(record, PeFormat.CODEVIEW_PDB_NAME, record.length - PeFormat.CODEVIEW_PDB_NAME);
                return Optional.of(new CodeView(GuidAge.fromCodeView(guid, age), pdb, base.plus(rva)));
            }
        } catch (MemoryException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The kernel's PDB identity and file name, and where the record is. */
    record CodeView(GuidAge guidAge, String pdbName, Va record) {
    }

    /** The NUL-terminated ASCII text of at most {@code max} bytes at {@code at}. */
    static String cString(byte[] data, int at, int max) {
        int end = at;
        while (end < data.length && end < at + max && data[end] != 0) {
            end++;
        }
        return new String(data, at, end - at, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return "PE image at " + base + " (" + sections.size() + " sections, " + (pe32Plus ? "PE32+" : "PE32") + ")";
    }
}
