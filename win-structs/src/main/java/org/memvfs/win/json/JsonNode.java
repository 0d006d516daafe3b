package org.memvfs.win.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One value of a parsed document, with where it came from: the source name and its JSON path
 * ({@code $.structs._EPROCESS.fields["u.VadFlags"].offset}). Every accessor checks the kind of
 * value it is asked for and, when it is wrong or missing, throws a {@link JsonException} that
 * names the source, the path and what was expected, so readers of profile files never surface a
 * {@code ClassCastException} or {@code NullPointerException}.
 */
public final class JsonNode {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private final Object value;
    private final String source;
    // the path is spelled out only when asked for (errors, mostly): a profile has thousands of nodes,
    // and spelling every path up front took a third of the time to read one at start-up
    private final Place place;

    /**
     * Where a value sits: the place of its parent and its member name (String) or element index
     * (Integer); null at the root. It holds no values, so a node kept by a reader does not keep the
     * rest of the document alive.
     */
    private record Place(Place parent, Object step) {
        /** Depth is bounded by the parser's nesting limit, so the recursion is too. */
        StringBuilder appendTo(StringBuilder out) {
            if (parent == null) {
                out.append('$');
            } else {
                parent.appendTo(out);
            }
            if (step instanceof Integer index) {
                return out.append('[').append(index).append(']');
            }
            String key = (String) step;
            return PLAIN_KEY.matcher(key).matches() ? out.append('.').append(key)
                    : out.append("[\"").append(key.replace("\"", "\\\"")).append("\"]");
        }
    }

    private JsonNode(Object value, String source, Place place) {
        this.value = value;
        this.source = source;
        this.place = place;
    }

    static JsonNode root(Object value, String source) {
        return new JsonNode(value, source, null);
    }

    /** The file or resource the document was read from. */
    public String source() {
        return source;
    }

    /** The JSON path of this value from the document root, {@code $}. */
    public String path() {
        return place == null ? "$" : place.appendTo(new StringBuilder()).toString();
    }

    public boolean isObject() {
        return value instanceof Map;
    }

    public boolean isArray() {
        return value instanceof List;
    }

    public boolean isString() {
        return value instanceof String;
    }

    public boolean isNumber() {
        return value instanceof Number;
    }

    public boolean isBoolean() {
        return value instanceof Boolean;
    }

    public boolean isNull() {
        return value == null;
    }

    /** Whether this object has a member {@code key}, even one whose value is null. */
    public boolean has(String key) {
        return object().containsKey(key);
    }

    /** The member {@code key} of this object, which must be present (its value may be null). */
    public JsonNode get(String key) {
        Map<String, Object> members = object();
        if (!members.containsKey(key)) {
            throw error("missing member \"" + key + "\"");
        }
        return child(key, members.get(key));
    }

    /** The member {@code key} of this object, or empty when it is absent or null. */
    public Optional<JsonNode> find(String key) {
        Object member = object().get(key);
        return member == null ? Optional.empty() : Optional.of(child(key, member));
    }

    /** The members of this object, in document order. */
    public Map<String, JsonNode> members() {
        Map<String, Object> members = object();
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        members.forEach((key, member) -> nodes.put(key, child(key, member)));
        return Collections.unmodifiableMap(nodes);
    }

    /** The elements of this array, in order. */
    public List<JsonNode> elements() {
        if (!(value instanceof List<?> list)) {
            throw wrongKind("an array");
        }
        List<JsonNode> nodes = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            nodes.add(new JsonNode(list.get(i), source, new Place(place, i)));
        }
        return Collections.unmodifiableList(nodes);
    }

    public String asString() {
        if (!(value instanceof String s)) {
            throw wrongKind("a string");
        }
        return s;
    }

    public boolean asBoolean() {
        if (!(value instanceof Boolean b)) {
            throw wrongKind("true or false");
        }
        return b;
    }

    /** This number, which must be an integer that fits in a signed 64-bit {@code long}. */
    public long asLong() {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof BigInteger) {
            throw error("expected an integer that fits in 64 bits, found " + value);
        }
        if (value instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                throw error("expected an integer, found " + d.toPlainString());
            }
        }
        throw wrongKind("an integer");
    }

    /** This number as an integer within {@code [min, max]}. */
    public long asLong(long min, long max) {
        long v = asLong();
        if (v < min || v > max) {
            throw error("expected an integer from " + min + " to " + max + ", found " + v);
        }
        return v;
    }

    /** This number as an integer within {@code [min, max]}. */
    public int asInt(int min, int max) {
        return (int) asLong(min, max);
    }

    public BigDecimal asDecimal() {
        if (value instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        throw wrongKind("a number");
    }

    /** What kind of value this is, for messages: object, array, string, number, boolean or null. */
    public String kind() {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        return value instanceof Boolean ? "boolean" : "number";
    }

    /** An error about this value, naming the source and this path, for readers' own checks. */
    public JsonException error(String what) {
        String path = path();
        return new JsonException(source + ": at " + path + ": " + what, source, path, null);
    }

    @Override
    public String toString() {
        return source + " " + path() + " (" + kind() + ")";
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object() {
        if (!(value instanceof Map)) {
            throw wrongKind("an object");
        }
        return (Map<String, Object>) value;
    }

    private JsonNode child(String key, Object member) {
        return new JsonNode(member, source, new Place(place, key));
    }

    private JsonException wrongKind(String expected) {
        return error("expected " + expected + ", found " + (value == null ? "null" : kind()));
    }
}
