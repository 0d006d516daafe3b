package org.memvfs.win.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonNodeTest {
    private final JsonNode root = Json.parse("""
            {"structs": {"_EPROCESS": {"size": 2624, "fields": {"u.VadFlags": {"offset": "0x30"}}}},
             "list": [1, "two", null], "big": 18446744073709551615, "frac": 1.5, "whole": 2.0,
             "nothing": null, "yes": true}
            """, "p.json");

    @Test
    void pathsNameEveryStepAndQuoteKeysThatAreNotIdentifiers() {
        JsonNode field = root.get("structs").get("_EPROCESS").get("fields").get("u.VadFlags").get("offset");
        assertThat(field.path()).isEqualTo("$.structs._EPROCESS.fields[\"u.VadFlags\"].offset");
        assertThat(root.get("list").elements().get(1).path()).isEqualTo("$.list[1]");
        assertThat(field.source()).isEqualTo("p.json");
    }

    @Test
    void wrongKindsNameSourcePathAndWhatWasFound() {
        JsonNode offset = root.get("structs").get("_EPROCESS").get("fields").get("u.VadFlags").get("offset");
        assertThatThrownBy(offset::asLong)
                .isInstanceOf(JsonException.class)
                .hasMessage("p.json: at $.structs._EPROCESS.fields[\"u.VadFlags\"].offset: expected an integer, found string");
        assertThatThrownBy(() -> root.get("list").asString()).hasMessageContaining("$.list: expected a string, found array");
        assertThatThrownBy(() -> root.get("list").get("x")).hasMessageContaining("$.list: expected an object, found array");
        assertThatThrownBy(() -> root.get("yes").elements()).hasMessageContaining("expected an array, found boolean");
        assertThatThrownBy(() -> root.get("nothing").asBoolean()).hasMessageContaining("expected true or false, found null");
    }

    @Test
    void missingMembersAreErrorsForGetAndEmptyForFind() {
        assertThatThrownBy(() -> root.get("structs").get("_KPROCESS"))
                .isInstanceOf(JsonException.class)
                .hasMessage("p.json: at $.structs: missing member \"_KPROCESS\"");
        assertThat(root.find("absent")).isEmpty();
        assertThat(root.find("nothing")).isEmpty();
        assertThat(root.has("nothing")).isTrue();
        assertThat(root.get("nothing").isNull()).isTrue();
        assertThat(root.find("yes")).hasValueSatisfying(n -> assertThat(n.asBoolean()).isTrue());
    }

    @Test
    void integersAreCheckedForRangeAndExactness() {
        JsonNode size = root.get("structs").get("_EPROCESS").get("size");
        assertThat(size.asInt(0, 4096)).isEqualTo(2624);
        assertThatThrownBy(() -> size.asInt(0, 100)).hasMessageContaining("expected an integer from 0 to 100, found 2624");
        assertThatThrownBy(() -> root.get("big").asLong()).hasMessageContaining("fits in 64 bits");
        assertThatThrownBy(() -> root.get("frac").asLong()).hasMessageContaining("expected an integer, found 1.5");
        assertThat(root.get("whole").asLong()).isEqualTo(2);
        assertThat(root.get("frac").asDecimal()).isEqualByComparingTo("1.5");
    }

    @Test
    void kindsAreReported() {
        assertThat(root.kind()).isEqualTo("object");
        assertThat(root.get("list").kind()).isEqualTo("array");
        assertThat(root.get("frac").kind()).isEqualTo("number");
        assertThat(root.get("yes").kind()).isEqualTo("boolean");
        assertThat(root.get("nothing").kind()).isEqualTo("null");
        assertThat(root.get("list").elements().get(1).isString()).isTrue();
        assertThat(root.get("big").isNumber()).isTrue();
    }

    @Test
    void collectionsAreReadOnly() {
        assertThatThrownBy(() -> root.members().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> root.get("list").elements().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void readersCanRaiseTheirOwnErrorsAtAValue() {
        JsonException e = root.get("yes").error("must be false here");
        assertThat(e).hasMessage("p.json: at $.yes: must be false here");
        assertThat(e.path()).isEqualTo("$.yes");
        assertThat(e.offset()).isEqualTo(-1);
    }
}
