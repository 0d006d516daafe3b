package org.memvfs.win.profile;

import java.util.Map;
import java.util.OptionalInt;
import org.memvfs.win.json.JsonNode;

/**
 * Reads one ISF type description ({@code {"kind": "pointer", "subtype": {...}}}) into the
 * profile's terms: the C type string the offsets files use ({@code struct _MMVAD_SHORT*},
 * {@code unsigned char[15]}) and, for {@code bitfield} types, the bit position, length and
 * storage-unit size. Type descriptions nest (pointer to array of pointer...), bounded by
 * {@link #MAX_NESTING}.
 */
final class IsfTypes {
    static final int MAX_NESTING = 16;
    private static final int DEFAULT_ENUM_SIZE = 4;

    private final Map<String, Integer> baseSizes;
    private final Map<String, Integer> enumSizes;

    /**
     * @param baseSizes the ISF's {@code base_types} sizes by name
     * @param enumSizes the ISF's {@code enums} sizes by name
     */
    IsfTypes(Map<String, Integer> baseSizes, Map<String, Integer> enumSizes) {
        this.baseSizes = baseSizes;
        this.enumSizes = enumSizes;
    }

    /** The member {@code name} at {@code offset} whose ISF type is {@code type}. */
    FieldLayout field(String name, int offset, JsonNode type) {
        String rendered = render(type, 0);
        if (!"bitfield".equals(type.get("kind").asString())) {
            return new FieldLayout(name, offset, rendered, null, null);
        }
        JsonNode unitType = type.get("type");
        int unitSize = unitSize(unitType);
        int length = type.get("bit_length").asInt(1, Long.SIZE);
        int position = type.get("bit_position").asInt(0, Long.SIZE - 1);
        if (position + length > unitSize * Byte.SIZE) {
            throw type.error("bits " + position + "/" + length + " do not fit the " + unitSize + "-byte storage unit");
        }
        return new FieldLayout(name, offset, rendered, new BitField(offset, position, length, unitSize), null);
    }

    /** The name of the struct, union or class a member of this type embeds, or null for any other type. */
    static String aggregateName(JsonNode type) {
        String kind = type.get("kind").asString();
        boolean aggregate = kind.equals("struct") || kind.equals("union") || kind.equals("class");
        return aggregate ? type.get("name").asString() : null;
    }

    private int unitSize(JsonNode unitType) {
        String kind = unitType.get("kind").asString();
        String name = unitType.get("name").asString();
        if (kind.equals("enum")) {
            Integer size = enumSizes.get(name);
            return size == null ? DEFAULT_ENUM_SIZE : size;
        }
        if (!kind.equals("base")) {
            throw unitType.error("a bitfield's storage unit must be a base or enum type, found kind " + kind);
        }
        Integer size = baseSizes.get(name);
        OptionalInt known = size == null ? BaseTypeSizes.of(name) : OptionalInt.of(size);
        if (known.isEmpty() || !isUnitSize(known.getAsInt())) {
            throw unitType.error("unknown integer type '" + name + "' for a bitfield's storage unit");
        }
        return known.getAsInt();
    }

    static boolean isUnitSize(int size) {
        return size == 1 || size == 2 || size == 4 || size == 8;
    }

    private static String render(JsonNode type, int depth) {
        if (depth > MAX_NESTING) {
            throw type.error("type nested deeper than " + MAX_NESTING + " levels");
        }
        String kind = type.get("kind").asString();
        switch (kind) {
            case "base":
                return type.get("name").asString();
            case "pointer":
                return render(type.get("subtype"), depth + 1) + "*";
            case "array":
                return render(type.get("subtype"), depth + 1) + "[" + type.get("count").asLong(0, Integer.MAX_VALUE) + "]";
            case "bitfield":
                return render(type.get("type"), depth + 1);
            case "struct":
            case "union":
            case "class":
            case "enum":
                return kind + " " + type.get("name").asString();
            case "function":
                return "function";
            default:
                throw type.error("unknown type kind '" + kind + "'");
        }
    }
}
