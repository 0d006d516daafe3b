package org.memvfs.win.profile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.memvfs.win.json.JsonNode;

/**
 * Turns ISF {@code user_types} into struct layouts whose member names match the offsets files, so
 * that one field path works for both sources:
 * <ul>
 *   <li>a member whose <em>type</em> is an anonymous union or struct ({@code u} of type {@code
 *       union __anonymous_1de7}) is kept, and its members are added one level down as {@code
 *       u.VadFlags}, {@code u.LongFlags}, at offsets relative to the outer struct;</li>
 *   <li>a member that is itself anonymous (no name of its own, as some ISF producers write a C11
 *       anonymous union) disappears and its members join the enclosing struct, as a C compiler
 *       sees them; Volatility's converter already does this, so the rule matters only for other
 *       producers.</li>
 * </ul>
 * The expansion stays one level deep ({@code u2.e2} is not expanded further) because that is
 * what the offsets files do; deeper paths resolve through the member types at lookup time.
 */
final class IsfStructs {
    /** How deeply anonymous members may nest inside each other before the data counts as corrupt. */
    static final int MAX_ANONYMOUS_NESTING = 8;

    private static final Pattern ANONYMOUS = Pattern.compile("^(__unnamed|__anonymous|<unnamed|<anonymous).*|.*<(unnamed|anonymous)-tag>.*");

    private final Map<String, JsonNode> userTypes;
    private final IsfTypes types;

    /**
     * @param userTypes the ISF {@code user_types} (or the 24H2 file's {@code extra_structs}) by name
     * @param types     how to read member types
     */
    IsfStructs(Map<String, JsonNode> userTypes, IsfTypes types) {
        this.userTypes = userTypes;
        this.types = types;
    }

    /** Every user type as a struct layout, keyed by name. */
    Map<String, StructLayout> all() {
        Map<String, StructLayout> structs = new LinkedHashMap<>();
        userTypes.forEach((name, node) -> structs.put(name, struct(name, node)));
        return structs;
    }

    static boolean isAnonymous(String name) {
        return name.isEmpty() || ANONYMOUS.matcher(name).matches();
    }

    private StructLayout struct(String name, JsonNode node) {
        String kind = node.get("kind").asString();
        if (!kind.equals("struct") && !kind.equals("union") && !kind.equals("class")) {
            throw node.get("kind").error("a user type is a struct, union or class, not '" + kind + "'");
        }
        int size = node.get("size").asInt(0, StructLayout.MAX_SIZE);
        Map<String, FieldLayout> fields = new LinkedHashMap<>();
        addMembers(node, 0, "", true, fields, 0);
        for (FieldLayout field : fields.values()) {
            int end = field.bits() == null ? field.offset() : field.offset() + field.bits().unitSize();
            if (end > size) {
                throw node.error("member " + field.name() + " at offset " + field.offset() + " lies outside the "
                        + size + "-byte " + name);
            }
        }
        return new StructLayout(name, size, null, fields, Map.of(), null);
    }

    /**
     * Adds the members of the user type {@code node}, placed at {@code base} in the struct being
     * built, under {@code prefix}. {@code expand} says whether members of an anonymous aggregate
     * type get their own members added one level down.
     */
    private void addMembers(JsonNode node, int base, String prefix, boolean expand, Map<String, FieldLayout> into,
            int nesting) {
        if (nesting > MAX_ANONYMOUS_NESTING) {
            throw node.error("anonymous members nested deeper than " + MAX_ANONYMOUS_NESTING + " levels");
        }
        for (Map.Entry<String, JsonNode> member : node.get("fields").members().entrySet()) {
            String name = member.getKey();
            JsonNode field = member.getValue();
            int offset = base + field.get("offset").asInt(0, StructLayout.MAX_SIZE);
            JsonNode type = field.get("type");
            String aggregate = IsfTypes.aggregateName(type);
            JsonNode inner = aggregate == null ? null : userTypes.get(aggregate);
            if (isAnonymous(name) && inner != null) {
                addMembers(inner, offset, prefix, expand, into, nesting + 1);
                continue;
            }
            put(into, types.field(prefix + name, offset, type), field);
            if (expand && inner != null && isAnonymous(aggregate)) {
                addMembers(inner, offset, prefix + name + ".", false, into, nesting + 1);
            }
        }
    }

    private static void put(Map<String, FieldLayout> into, FieldLayout field, JsonNode where) {
        if (into.size() >= StructLayout.MAX_FIELDS) {
            throw where.error("more than " + StructLayout.MAX_FIELDS + " members in one struct");
        }
        // a C struct cannot have two members of one name; if flattening yields one, the first wins
        into.putIfAbsent(field.name(), field);
    }
}
