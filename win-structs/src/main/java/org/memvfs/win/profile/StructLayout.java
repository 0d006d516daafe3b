package org.memvfs.win.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One struct of a profile: its size, its members by flattened name, and the members the profile
 * knows to be absent together with why (not in this build's PDB, not transcribed, not recoverable
 * from the source).
 *
 * @param name     the struct name, e.g. {@code _EPROCESS}
 * @param size     the size in bytes, or null when the source could not give it
 * @param sizeNote why the size is unknown, or null
 * @param fields   members by flattened name, in source order
 * @param absent   member name to the reason it is absent
 * @param partial  a note when the source lists only some members, or null
 */
record StructLayout(String name, Integer size, String sizeNote, Map<String, FieldLayout> fields,
        Map<String, String> absent, String partial) {

    /** The largest struct size and offset a profile may declare; larger values are corrupt data. */
    static final int MAX_SIZE = 1 << 24;
    /** The most members one struct may declare, after flattening. */
    static final int MAX_FIELDS = 1 << 16;

    StructLayout {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        absent = Collections.unmodifiableMap(new LinkedHashMap<>(absent));
    }
}
