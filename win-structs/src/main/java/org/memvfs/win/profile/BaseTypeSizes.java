package org.memvfs.win.profile;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Sizes of the C integer types that hold bitfields, as Windows compilers lay them out (LLP64:
 * {@code long} is 4 bytes on x86 and x64 alike). The offsets files spell a bitfield's storage
 * unit only by its type name; an ISF carries its own {@code base_types} table and consults this
 * one only for names it lacks.
 */
final class BaseTypeSizes {
    private static final Map<String, Integer> SIZES = Map.ofEntries(
            Map.entry("char", 1),
            Map.entry("unsigned char", 1),
            Map.entry("bool", 1),
            Map.entry("short", 2),
            Map.entry("unsigned short", 2),
            Map.entry("wchar", 2),
            Map.entry("int", 4),
            Map.entry("unsigned int", 4),
            Map.entry("long", 4),
            Map.entry("unsigned long", 4),
            Map.entry("HRESULT", 4),
            Map.entry("long long", 8),
            Map.entry("unsigned long long", 8));

    private BaseTypeSizes() {
    }

    /** The size of the integer type {@code name}, or empty when it is not one of the known names. */
    static OptionalInt of(String name) {
        Integer size = SIZES.get(name);
        return size == null ? OptionalInt.empty() : OptionalInt.of(size);
    }
}
