package org.memvfs.win.locate;

/**
 * Offsets and values of the PE/COFF file format (Microsoft's "PE Format" specification) that the
 * kernel image scan reads. They describe a file format, fixed since Windows NT 3.1, not a kernel
 * structure, which is why they are here and not in a profile.
 */
final class PeFormat {
    static final int DOS_MAGIC = 0x5A4D;                  // "MZ"
    static final int DOS_LFANEW = 0x3C;                   // e_lfanew: where the NT headers start
    static final int MAX_LFANEW = 0x800;                  // real images put the NT headers in the first 2 KiB
    static final int NT_SIGNATURE = 0x0000_4550;          // "PE\0\0"
    static final int FILE_HEADER = 4;                     // IMAGE_FILE_HEADER after the signature
    static final int FILE_MACHINE = 0;
    static final int FILE_NUMBER_OF_SECTIONS = 2;
    static final int FILE_SIZE_OF_OPTIONAL_HEADER = 16;
    static final int OPTIONAL_HEADER = FILE_HEADER + 20;  // IMAGE_OPTIONAL_HEADER after the file header
    static final int OPTIONAL_MAGIC = 0;
    static final int MAGIC_PE32 = 0x10B;
    static final int MAGIC_PE32_PLUS = 0x20B;
    static final int OPTIONAL_ENTRY_POINT = 16;
    static final int OPTIONAL_SIZE_OF_IMAGE = 56;
    static final int OPTIONAL_NUMBER_OF_RVA_AND_SIZES_PE32 = 92;
    static final int OPTIONAL_NUMBER_OF_RVA_AND_SIZES_PE32_PLUS = 108;
    static final int OPTIONAL_DATA_DIRECTORY_PE32 = 96;
    static final int OPTIONAL_DATA_DIRECTORY_PE32_PLUS = 112;
    static final int DATA_DIRECTORY_BYTES = 8;
    static final int DIRECTORY_EXPORT = 0;
    static final int DIRECTORY_DEBUG = 6;
    static final int MACHINE_I386 = 0x14C;
    static final int MACHINE_AMD64 = 0x8664;

    static final int SECTION_HEADER_BYTES = 40;
    static final int SECTION_NAME_BYTES = 8;
    static final int SECTION_VIRTUAL_SIZE = 8;
    static final int SECTION_VIRTUAL_ADDRESS = 12;
    static final int MAX_SECTIONS = 96;

    static final int EXPORT_DIRECTORY_BYTES = 40;
    static final int EXPORT_NAME = 12;
    static final int EXPORT_NUMBER_OF_FUNCTIONS = 20;
    static final int EXPORT_NUMBER_OF_NAMES = 24;
    static final int EXPORT_ADDRESS_OF_FUNCTIONS = 28;
    static final int EXPORT_ADDRESS_OF_NAMES = 32;
    static final int EXPORT_ADDRESS_OF_NAME_ORDINALS = 36;
    static final int MAX_EXPORT_DIRECTORY = 4 << 20;

    static final int DEBUG_ENTRY_BYTES = 28;
    static final int DEBUG_TYPE = 12;
    static final int DEBUG_SIZE_OF_DATA = 16;
    static final int DEBUG_ADDRESS_OF_RAW_DATA = 20;
    static final int DEBUG_TYPE_CODEVIEW = 2;
    static final int MAX_DEBUG_ENTRIES = 32;
    static final int CODEVIEW_RSDS = 0x5344_5352;         // "RSDS"
    static final int CODEVIEW_GUID = 4;
    static final int CODEVIEW_GUID_BYTES = 16;
    static final int CODEVIEW_AGE = 20;
    static final int CODEVIEW_PDB_NAME = 24;
    static final int MAX_CODEVIEW = 1024;

    /** How much of the image's start is read as its headers. */
    static final int HEADER_BYTES = 0x1000;

    private PeFormat() {
    }
}
