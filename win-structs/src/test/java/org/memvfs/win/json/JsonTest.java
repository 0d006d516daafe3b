package org.memvfs.win.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesEveryKindOfValueKeepingMemberOrder() {
        JsonNode root = Json.parse("{\"z\": 1, \"a\": [true, false, null], \"s\": \"x\", \"o\": {}, \"e\": []}", "t");

        assertThat(root.members().keySet()).containsExactly("z", "a", "s", "o", "e");
        assertThat(root.get("z").asLong()).isEqualTo(1);
        assertThat(root.get("a").elements()).hasSize(3);
        assertThat(root.get("a").elements().get(0).asBoolean()).isTrue();
        assertThat(root.get("a").elements().get(1).asBoolean()).isFalse();
        assertThat(root.get("a").elements().get(2).isNull()).isTrue();
        assertThat(root.get("s").asString()).isEqualTo("x");
        assertThat(root.get("o").members()).isEmpty();
        assertThat(root.get("e").elements()).isEmpty();
    }

    @Test
    void scalarsAtTheTopLevelAreDocuments() {
        assertThat(Json.parse(" 42 ", "t").asLong()).isEqualTo(42);
        assertThat(Json.parse("\"a\"", "t").asString()).isEqualTo("a");
        assertThat(Json.parse("null", "t").isNull()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 | 0",
        "-0 | 0",
        "123 | 123",
        "-9223372036854775808 | -9223372036854775808",
        "9223372036854775807 | 9223372036854775807",
    })
    void integersBecomeLongs(String text, long expected) {
        assertThat(Json.parse(text, "t").asLong()).isEqualTo(expected);
    }

    @Test
    void largeAndFractionalNumbersKeepTheirValue() {
        assertThat(Json.parse("18446744073709551615", "t").asDecimal()).isEqualTo(new BigDecimal(new BigInteger("18446744073709551615")));
        assertThat(Json.parse("1.5e3", "t").asDecimal()).isEqualByComparingTo("1500");
        assertThat(Json.parse("-0.25", "t").asDecimal()).isEqualByComparingTo("-0.25");
        assertThat(Json.parse("2E+2", "t").asLong()).isEqualTo(200);
    }

    @Test
    void decodesEveryEscape() {
        String text = "\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u0041\\u00e9\\ud83d\\ude00\"";
        assertThat(Json.parse(text, "t").asString()).isEqualTo("q\" b\\ s/ \b\f\n\r\t A\u00e9\ud83d\ude00");
    }

    @Test
    void skipsALeadingByteOrderMark() {
        assertThat(Json.parse("\uFEFF{\"a\": 1}", "t").get("a").asLong()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{\"a\": 1,}`                | expected a string key, found '}'",
        "`[1, 2,]`                    | expected a value",
        "`{'a': 1}`                   | expected a string key, found '''",
        "`01`                         | leading zeros are not allowed",
        "`1.`                         | expected a digit after the decimal point",
        "`1e`                         | expected a digit in the exponent",
        "`-`                          | expected a digit, found end of input",
        "`+1`                         | expected a value",
        "`.5`                         | expected a value",
        "`tru`                        | expected a value",
        "`NaN`                        | expected a value",
        "`{\"a\" 1}`                  | expected ':' after key \"a\"",
        "`{\"a\": 1 \"b\": 2}`        | expected ',' or '}' after an object member",
        "`[1 2]`                      | expected ',' or ']' after an array element",
        "`\"abc`                      | string not terminated",
        "`\"\\x\"`                    | invalid escape \\x",
        "`\"\\u12G4\"`                | \\u escape needs four hex digits",
        "`{} {}`                      | unexpected '{' after the end of the JSON value",
        "`/* c */ 1`                  | expected a value",
        "``                           | unexpected end of input",
        "`{\"a\": 1, \"a\": 2}`       | duplicate key \"a\"",
        "`1e99999999999`              | number out of range",
    })
    void refusesWhatRfc8259Refuses(String text, String message) {
        assertThatThrownBy(() -> Json.parse(text, "bad.json"))
                .isInstanceOf(JsonException.class)
                .hasMessageStartingWith("bad.json: line 1, column ")
                .hasMessageContaining(message);
    }

    @Test
    void refusesControlCharactersInStrings() {
        assertThatThrownBy(() -> Json.parse("\"a\nb\"", "t"))
                .hasMessageContaining("control character U+000A must be escaped");
    }

    @Test
    void errorsNameLineColumnAndOffset() {
        JsonException e = (JsonException) org.assertj.core.api.Assertions.catchThrowable(
                () -> Json.parse("{\n  \"a\": 1,\n  \"b\": ?\n}", "f.json"));

        assertThat(e.getMessage()).startsWith("f.json: line 3, column 8: expected a value");
        assertThat(e.offset()).isEqualTo(19);
        assertThat(e.context().fileOffset()).isEqualTo(19L);
        assertThat(e.source()).isEqualTo("f.json");
    }

    @Test
    void depthIsBounded() {
        String deep = "[".repeat(65) + "]".repeat(65);
        assertThatThrownBy(() -> Json.parse(deep, "t"))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("nesting deeper than the limit of 64");
        assertThat(Json.parse("[".repeat(64) + "]".repeat(64), "t").isArray()).isTrue();
        // far past the stack a naive parser would need, still a clean error
        assertThatThrownBy(() -> Json.parse("[".repeat(1_000_000), "t")).isInstanceOf(JsonException.class);
    }

    @Test
    void sizeIsBounded() {
        Json.Limits small = new Json.Limits(8, 10);
        assertThatThrownBy(() -> Json.parse("[1,2,3,4,5,6]", "t", small))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("larger than the limit of 10 characters");
        InputStream in = new ByteArrayInputStream("[1,2,3,4,5,6]".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Json.parse(in, "stream", small)).hasMessageContaining("larger than the limit");
    }

    @Test
    void readsUtf8StreamsStrictlyWithoutClosingThem() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream("{\"n\": \"\u00e9t\u00e9\"}".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() throws IOException {
                closed.set(true);
                super.close();
            }
        };
        assertThat(Json.parse(in, "s", Json.Limits.DEFAULT).get("n").asString()).isEqualTo("\u00e9t\u00e9");
        assertThat(closed).isFalse();

        byte[] invalid = {'"', (byte) 0xC3, (byte) 0x28, '"'};
        assertThatThrownBy(() -> Json.parse(new ByteArrayInputStream(invalid), "bin", Json.Limits.DEFAULT))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("not valid UTF-8 in bin");
    }

    @Test
    void readsFilesAndNamesThem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.json");
        Files.writeString(file, "{\"a\": [1, 2]}");
        assertThat(Json.parse(file).get("a").elements()).hasSize(2);

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"a\": }");
        assertThatThrownBy(() -> Json.parse(broken)).hasMessageStartingWith(broken + ": line 1, column 7");

        Path missing = dir.resolve("none.json");
        assertThatThrownBy(() -> Json.parse(missing)).isInstanceOf(JsonException.class).hasMessageContaining("cannot read " + missing);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void limitsMustBePositive(int bad) {
        assertThatThrownBy(() -> new Json.Limits(bad, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Json.Limits(1, bad)).isInstanceOf(IllegalArgumentException.class);
    }
}
