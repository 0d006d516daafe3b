package org.memvfs.win.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a field path within a struct of one profile. A path is
 * <ul>
 *   <li>a member name as the profile lists it, flattened names included ({@code Pcb},
 *       {@code u.VadFlags});</li>
 *   <li>or a member whose type is a struct or union the profile describes, a dot, and a path
 *       within that type: {@code u.VadFlags.Protection} on {@code _MMVAD_SHORT} is
 *       {@code Protection} of {@code _MMVAD_FLAGS}, moved to where {@code u.VadFlags} sits
 *       (at most {@link #MAX_NESTING} types deep);</li>
 *   <li>or alternatives separated by {@code |}, the first one present winning, for members that
 *       were renamed between builds ({@code Wow64Process|WoW64Process}), which is also how the
 *       profile files spell them in {@code not_in_this_build}.</li>
 * </ul>
 */
final class FieldPaths {
    static final int MAX_NESTING = 8;
    static final String ALTERNATIVES = "\\|";

    private final Map<String, StructLayout> structs;

    FieldPaths(Map<String, StructLayout> structs) {
        this.structs = structs;
    }

    /** The member at {@code path} in {@code struct}, with its offset from the start of {@code struct}. */
    Optional<FieldLayout> find(String struct, String path) {
        StructLayout layout = structs.get(struct);
        if (layout == null) {
            return Optional.empty();
        }
        for (String alternative : path.split(ALTERNATIVES)) {
            Optional<FieldLayout> found = findOne(layout, alternative.strip(), 0);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Why {@code path} is not in {@code struct}, which is in the profile, for an error message. */
    String whyAbsent(String struct, String path) {
        StructLayout layout = structs.get(struct);
        String[] alternatives = path.split(ALTERNATIVES);
        if (alternatives.length == 1) {
            return whyAbsentOne(layout, path.strip());
        }
        List<String> reasons = new ArrayList<>();
        for (String alternative : alternatives) {
            reasons.add(alternative.strip() + ": " + whyAbsentOne(layout, alternative.strip()));
        }
        return String.join("; ", reasons);
    }

    private Optional<FieldLayout> findOne(StructLayout layout, String path, int nesting) {
        FieldLayout direct = layout.fields().get(path);
        if (direct != null) {
            return Optional.of(direct);
        }
        if (nesting >= MAX_NESTING) {
            return Optional.empty();
        }
        // longest member prefix first: "u.VadFlags.Protection" tries "u.VadFlags", then "u"
        for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
            FieldLayout outer = layout.fields().get(path.substring(0, dot));
            StructLayout inner = outer == null ? null : structs.get(embeddedType(outer.type()));
            if (inner != null) {
                Optional<FieldLayout> found = findOne(inner, path.substring(dot + 1), nesting + 1);
                if (found.isPresent()) {
                    return Optional.of(found.get().shiftedBy(outer.offset(), path));
                }
            }
        }
        return Optional.empty();
    }

    private String whyAbsentOne(StructLayout layout, String path) {
        String known = layout.absent().get(path);
        if (known != null) {
            return known;
        }
        for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
            FieldLayout outer = layout.fields().get(path.substring(0, dot));
            if (outer != null) {
                String inner = embeddedType(outer.type());
                if (inner == null) {
                    return outer.name() + " is a " + outer.type() + ", not a struct or union to look into";
                }
                if (!structs.containsKey(inner)) {
                    return outer.name() + " is a " + outer.type() + ", which this profile does not describe";
                }
                return inner + " has no member " + path.substring(dot + 1);
            }
        }
        if (layout.partial() != null) {
            return "not in this profile, whose source lists only some members of " + layout.name()
                    + " (" + layout.partial() + ")";
        }
        return "no such member in this profile";
    }

    /** {@code _MMVAD_FLAGS} for {@code struct _MMVAD_FLAGS}; null for pointers, arrays and scalars. */
    static String embeddedType(String type) {
        if (type.indexOf('*') >= 0 || type.indexOf('[') >= 0) {
            return null;
        }
        for (String kind : new String[] {"struct ", "union ", "class "}) {
            if (type.startsWith(kind)) {
                return type.substring(kind.length());
            }
        }
        return null;
    }
}
