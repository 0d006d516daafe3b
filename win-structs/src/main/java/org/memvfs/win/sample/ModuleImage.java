package org.memvfs.win.sample;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PE module ready to be mapped: its headers as a {@link PeImage} and the content of the pages
 * that are in memory (page index → 4 KiB): the header page, the first code page (with the
 * exported functions' first bytes) and the page with the export and debug directories.
 *
 * @param fileName   the file name, e.g. {@code ntdll.dll}
 * @param pe         what the headers say
 * @param pages      the resident pages' bytes by page index
 * @param exports    exported names and their RVAs
 */
record ModuleImage(String fileName, PeImage pe, Map<Integer, byte[]> pages, Map<String, Integer> exports) {
    ModuleImage {
        pages = Collections.unmodifiableMap(new TreeMap<>(pages));
        exports = Collections.unmodifiableMap(new TreeMap<>(exports));
    }

    long base() {
        return pe.imageBase();
    }

    int sizeOfImage() {
        return pe.sizeOfImage();
    }

    /** EntryPoint as a virtual address (0 when the image has none). */
    long entryPoint() {
        return pe.entryRva() == 0 ? 0 : pe.imageBase() + pe.entryRva();
    }

    /** The virtual address of an exported function or variable. */
    long export(String name) {
        Integer rva = exports.get(name);
        if (rva == null) {
            throw new IllegalArgumentException(fileName + " exports no " + name);
        }
        return pe.imageBase() + rva;
    }

    /** The first code page's address: where internal routines of the sample's modules live. */
    long codeStart() {
        return pe.imageBase() + pe.sections().get(0).rva();
    }
}
