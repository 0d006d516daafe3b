package org.memvfs.win.profile;

import org.memvfs.mmu.MemoryException;

/**
 * A structure profile cannot answer: the struct or field is not in this build's profile, a
 * bitfield's position is unknown, or a profile file is not usable. Lookups fail fast with the
 * profile (which names the build), the struct and the field in the message, so a missing member
 * is found on the first read instead of showing up as a wrong value.
 */
public class ProfileException extends MemoryException {
    private final String profile;
    private final String struct;
    private final String field;

    /** A lookup failure: {@code field} may be null when the struct itself is the problem. */
    ProfileException(String profile, String struct, String field, String what) {
        super(profile + ": " + struct + (field == null ? "" : "." + field) + ": " + what, Context.NONE);
        this.profile = profile;
        this.struct = struct;
        this.field = field;
    }

    /** A problem with a profile file or a name, not with one struct. */
    ProfileException(String what, Throwable cause) {
        super(what, Context.NONE, cause);
        this.profile = null;
        this.struct = null;
        this.field = null;
    }

    /** The id of the profile asked, or null when no single profile was involved. */
    public String profile() {
        return profile;
    }

    /** The struct asked for, or null. */
    public String struct() {
        return struct;
    }

    /** The field asked for, or null. */
    public String field() {
        return field;
    }
}
