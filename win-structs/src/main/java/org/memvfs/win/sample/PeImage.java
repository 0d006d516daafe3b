package org.memvfs.win.sample;

import java.util.List;
import java.util.SortedMap;

/**
 * What a PE image in memory should say about itself: the values {@link PeImageWriter} turns into
 * headers, an export directory and a CodeView debug record.
 *
 * @param machine       IMAGE_FILE_MACHINE_AMD64 or _I386; PE32+ for the former, PE32 for the latter
 * @param imageBase     where the image is mapped
 * @param sizeOfImage   SizeOfImage, a multiple of the page size
 * @param entryRva      AddressOfEntryPoint (0 for none)
 * @param timeDateStamp the link time
 * @param characteristics the file header's Characteristics (executable, DLL, large-address aware …)
 * @param subsystem     1 native, 2 GUI, 3 console
 * @param osVersion     the OS, image and subsystem versions, as major * 0x100 + minor (0x0A00, 0x0601)
 * @param sections      in ascending RVA order
 * @param exportName    the export directory's DLL name, or null for no export directory
 * @param exportRva     where the export directory goes (inside a section)
 * @param exports       exported names and their RVAs
 * @param codeView      the RSDS record's identity, or null for no debug directory
 * @param debugRva      where the debug directory and the record go (inside a section)
 */
record PeImage(int machine, long imageBase, int sizeOfImage, int entryRva, int timeDateStamp, int characteristics,
        int subsystem, int osVersion, List<Section> sections, String exportName, int exportRva, SortedMap<String, Integer> exports,
        CodeView codeView, int debugRva) {

    static final int MACHINE_AMD64 = 0x8664;
    static final int MACHINE_I386 = 0x14C;
    static final int SUBSYSTEM_NATIVE = 1;
    static final int SUBSYSTEM_GUI = 2;
    static final int SUBSYSTEM_CONSOLE = 3;
    /** IMAGE_FILE_EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE. */
    static final int EXECUTABLE_64 = 0x0022;
    /** IMAGE_FILE_EXECUTABLE_IMAGE | 32BIT_MACHINE. */
    static final int EXECUTABLE_32 = 0x0102;
    static final int DLL = 0x2000;

    PeImage {
        sections = List.copyOf(sections);
        if (sizeOfImage % PhysicalPages.PAGE != 0) {
            throw new IllegalArgumentException("SizeOfImage is a whole number of pages: 0x" + Integer.toHexString(sizeOfImage));
        }
    }

    boolean is64Bit() {
        return machine == MACHINE_AMD64;
    }

    /** One section header. */
    record Section(String name, int rva, int virtualSize, int characteristics) {
        /** IMAGE_SCN_CNT_CODE | MEM_EXECUTE | MEM_READ. */
        static final int CODE = 0x6000_0020;
        /** IMAGE_SCN_CNT_INITIALIZED_DATA | MEM_READ | MEM_WRITE. */
        static final int DATA = 0xC000_0040;
        /** IMAGE_SCN_CNT_INITIALIZED_DATA | MEM_READ. */
        static final int READ_ONLY_DATA = 0x4000_0040;
        /** Code that is discarded after initialisation (INIT): CODE | MEM_DISCARDABLE. */
        static final int DISCARDABLE_CODE = 0x6200_0020;

        Section {
            if (name.length() > 8) {
                throw new IllegalArgumentException("a section name has at most 8 characters: " + name);
            }
        }

        int end() {
            return rva + virtualSize;
        }
    }

    /** The identity of the PDB in the image's RSDS record. */
    record CodeView(String guid, long age, String pdbName) {
    }
}
