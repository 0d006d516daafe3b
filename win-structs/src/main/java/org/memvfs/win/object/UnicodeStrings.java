package org.memvfs.win.object;

import java.nio.charset.StandardCharsets;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Va;

/**
 * Reads {@code _UNICODE_STRING}s (Length, MaximumLength, Buffer) and refuses the ones whose
 * header is garbage, so that a corrupt string is an error naming it rather than 64 KiB of noise.
 */
final class UnicodeStrings {
    private static final String STRUCT = "_UNICODE_STRING";

    private UnicodeStrings() {
    }

    /**
     * The string whose header is at {@code header}, read with {@code owner}'s profile and memory.
     *
     * @param what names the string for errors, e.g. {@code module at … _LDR_DATA_TABLE_ENTRY.FullDllName}
     */
    static String read(StructView owner, Va header, String what) {
        StructView string = owner.at(STRUCT, header, what);
        long length = string.u16("Length");
        if (length == 0) {
            return "";
        }
        long maximum = string.u16("MaximumLength");
        Va buffer = string.pointer("Buffer");
        String problem = null;
        if ((length & 1) != 0) {
            problem = "Length " + Hex.of(length) + " is odd";
        } else if (length > maximum) {
            problem = "Length " + Hex.of(length) + " is larger than MaximumLength " + Hex.of(maximum);
        } else if (buffer.value() == 0) {
            problem = "Length " + Hex.of(length) + " with a null Buffer";
        }
        if (problem != null) {
            throw new ObjectReadException(what + " at " + header + ": not a valid UNICODE_STRING: " + problem,
                    MemoryException.Context.NONE.withVa(header).withRoot(owner.reader().space().root()));
        }
        byte[] text = owner.reader().bytes(buffer, (int) length, what + " text at " + buffer);
        return new String(text, StandardCharsets.UTF_16LE);
    }
}
