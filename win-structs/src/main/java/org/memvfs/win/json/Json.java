package org.memvfs.win.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A strict RFC 8259 JSON reader, small enough to own, for the symbol-derived profile files and
 * Volatility ISF files memvfs loads. It refuses what the RFC refuses (comments, trailing commas,
 * single quotes, leading zeros, bare control characters in strings, anything after the value)
 * and, because profile files are data we trust to be unambiguous, also duplicate object keys. A
 * leading byte-order mark is skipped, as the RFC allows.
 *
 * <p>Every parse is bounded by {@link Limits}: the document size in characters and the nesting
 * depth, so a hostile or corrupt file fails with a message instead of exhausting the heap or the
 * stack. Objects keep their member order; integers that fit become {@code long}, other numbers
 * {@link java.math.BigInteger} or {@link java.math.BigDecimal}.
 */
public final class Json {

    /**
     * How much a parse may take.
     *
     * @param maxDepth how deeply arrays and objects may nest (the top-level value is depth 1)
     * @param maxChars the largest document, in characters after UTF-8 decoding
     */
    public record Limits(int maxDepth, int maxChars) {
        /** Depth 64, 128 Mi characters: a full Windows kernel ISF is a few tens of MiB, nested 8 deep. */
        public static final Limits DEFAULT = new Limits(64, 128 * 1024 * 1024);

        public Limits {
            if (maxDepth < 1 || maxChars < 1) {
                throw new IllegalArgumentException("limits must be positive: depth " + maxDepth + ", chars " + maxChars);
            }
        }
    }

    private static final int BUFFER_CHARS = 64 * 1024;

    private Json() {
    }

    /** Parses {@code text}; {@code source} names it in error messages. */
    public static JsonNode parse(CharSequence text, String source) {
        return parse(text, source, Limits.DEFAULT);
    }

    public static JsonNode parse(CharSequence text, String source, Limits limits) {
        if (text.length() > limits.maxChars()) {
            throw tooLarge(source, limits);
        }
        Object value = new JsonParser(text.toString(), source, limits).document();
        return JsonNode.root(value, source);
    }

    /** Reads a UTF-8 file and parses it. */
    public static JsonNode parse(Path file) {
        return parse(file, Limits.DEFAULT);
    }

    public static JsonNode parse(Path file, Limits limits) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString(), limits);
        } catch (IOException e) {
            throw new JsonException("cannot read " + file + ": " + e.getMessage(), file.toString(), "$", e);
        }
    }

    /**
     * Reads UTF-8 from {@code in} up to the limit and parses it. Invalid UTF-8 is an error, not
     * replaced. The stream is read to the end but not closed.
     */
    public static JsonNode parse(InputStream in, String source, Limits limits) {
        return parse(readUtf8(in, source, limits), source, limits);
    }

    private static String readUtf8(InputStream in, String source, Limits limits) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[BUFFER_CHARS];
        // not try-with-resources: closing the reader would close the caller's stream
        Reader reader = new InputStreamReader(in, decoder);
        try {
            int n;
            while ((n = reader.read(buffer)) >= 0) {
                if (text.length() + (long) n > limits.maxChars()) {
                    throw tooLarge(source, limits);
                }
                text.append(buffer, 0, n);
            }
        } catch (CharacterCodingException e) {
            throw new JsonException("not valid UTF-8 in " + source + " after " + text.length() + " characters",
                    source, text.length());
        } catch (IOException e) {
            throw new JsonException("cannot read " + source + ": " + e.getMessage(), source, "$", e);
        }
        return text.toString();
    }

    private static JsonException tooLarge(String source, Limits limits) {
        return new JsonException(source + " is larger than the limit of " + limits.maxChars() + " characters",
                source, limits.maxChars());
    }
}
