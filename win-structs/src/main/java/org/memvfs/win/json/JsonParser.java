package org.memvfs.win.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive descent over one document held in memory. Recursion is safe because the depth is
 * bounded by {@link Json.Limits#maxDepth()}. Values become {@link LinkedHashMap},
 * {@link ArrayList}, {@link String}, {@link Long}/{@link BigInteger}/{@link BigDecimal},
 * {@link Boolean} and {@code null}.
 */
final class JsonParser {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final String text;
    private final String source;
    private final Json.Limits limits;
    // profile files repeat a handful of keys ("offset", "type", "kind") hundreds of thousands of times
    private final Map<String, String> keys = new HashMap<>();
    private int pos;
    private int depth;

    JsonParser(String text, String source, Json.Limits limits) {
        this.text = text;
        this.source = source;
        this.limits = limits;
    }

    Object document() {
        pos = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? 1 : 0;
        skipWhitespace();
        Object value = value();
        skipWhitespace();
        if (pos < text.length()) {
            throw error("unexpected " + found() + " after the end of the JSON value");
        }
        return value;
    }

    private Object value() {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("expected a value (object, array, string, number, true, false or null), found " + found());
        }
    }

    private Map<String, Object> object() {
        enter();
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return members;
        }
        while (true) {
            if (peek() != '"') {
                throw error("expected a string key, found " + found());
            }
            int keyStart = pos;
            String key = keys.computeIfAbsent(string(), k -> k);
            skipWhitespace();
            expect(':', "after key \"" + key + "\"");
            skipWhitespace();
            Object member = value();
            if (members.containsKey(key)) {
                throw errorAt(keyStart, "duplicate key \"" + key + "\"");
            }
            members.put(key, member);
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return members;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' after an object member, found " + found());
            }
            skipWhitespace();
        }
    }

    private List<Object> array() {
        enter();
        pos++;
        List<Object> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return elements;
        }
        while (true) {
            elements.add(value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return elements;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' after an array element, found " + found());
            }
            skipWhitespace();
        }
    }

    private void enter() {
        if (++depth > limits.maxDepth()) {
            throw error("nesting deeper than the limit of " + limits.maxDepth());
        }
    }

    private String string() {
        int start = pos;
        pos++;
        StringBuilder out = null;
        int runStart = pos;
        while (true) {
            if (pos >= text.length()) {
                throw errorAt(start, "string not terminated");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String run = text.substring(runStart, pos);
                pos++;
                return out == null ? run : out.append(run).toString();
            }
            if (c < 0x20) {
                throw error("control character " + codePoint(c) + " must be escaped in a string");
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(text, runStart, pos);
                out.append(escape());
                runStart = pos;
            } else {
                pos++;
            }
        }
    }

    /** Decodes the escape at {@code pos} (a backslash) and moves past it. */
    private char escape() {
        int start = pos;
        pos++;
        if (pos >= text.length()) {
            throw errorAt(start, "string not terminated");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"':
                return '"';
            case '\\':
                return '\\';
            case '/':
                return '/';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                if (pos + 4 > text.length()) {
                    throw errorAt(start, "\\u escape needs four hex digits");
                }
                int value = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(text.charAt(pos + i), 16);
                    if (digit < 0) {
                        throw errorAt(start, "\\u escape needs four hex digits");
                    }
                    value = value << 4 | digit;
                }
                pos += 4;
                return (char) value;
            default:
                throw errorAt(start, "invalid escape \\" + printable(c));
        }
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw errorAt(start, "leading zeros are not allowed in a number");
            }
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit, found " + found());
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point, found " + found());
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent, found " + found());
            }
            digits();
        }
        String literal = text.substring(start, pos);
        try {
            if (integral) {
                return literal.length() <= 18 ? Long.valueOf(Long.parseLong(literal)) : integer(literal);
            }
            return new BigDecimal(literal);
        } catch (NumberFormatException | ArithmeticException e) {
            throw errorAt(start, "number out of range: " + literal);
        }
    }

    private static Object integer(String literal) {
        BigInteger value = new BigInteger(literal);
        return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("expected a value (object, array, string, number, true, false or null), found " + found());
        }
        pos += word.length();
        return value;
    }

    private void expect(char wanted, String where) {
        if (peek() != wanted) {
            throw error("expected '" + wanted + "' " + where + ", found " + found());
        }
        pos++;
    }

    /** The character at {@code pos}, or NUL at the end (never valid where a token is expected). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String found() {
        return pos >= text.length() ? "end of input" : "'" + printable(text.charAt(pos)) + "'";
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? codePoint(c) : String.valueOf(c);
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    private JsonException error(String what) {
        return errorAt(pos, what);
    }

    private JsonException errorAt(int offset, String what) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(offset, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = offset - lineStart + 1;
        return new JsonException(source + ": line " + line + ", column " + column + ": " + what, source, offset);
    }
}
