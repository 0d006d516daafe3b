package org.memvfs.win.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.memvfs.win.json.Json;
import org.memvfs.win.json.JsonException;

class OffsetsJsonReaderTest {

    private static WindowsProfile read(String structs) {
        return read("\"arch\": \"x64\", \"guid_age\": null", structs);
    }

    private static WindowsProfile read(String head, String structs) {
        String text = "{\"build\": \"test build\", " + head + ", \"structs\": {" + structs + "}}";
        return OffsetsJsonReader.read(Json.parse(text, "t.json"), "win99-12345-x64");
    }

    @Test
    void readsEveryFieldShape() {
        WindowsProfile p = read("""
                "_S": {"size": 16, "size_hex": "0x10", "fields": {
                   "Plain": {"offset": 0, "type": "struct _T*", "offset_hex": "0x0"},
                   "Bits": {"offset": 8, "type": "unsigned long", "bit_position": 3, "bit_length": 5},
                   "Lost": {"offset": 8, "type": "unsigned long long", "bit_position": null, "bit_length": 61,
                            "bit_position_note": "not recoverable"},
                   "Isf": {"offset": 12, "type": {"kind": "bitfield", "bit_position": 1, "bit_length": 2,
                                                  "type": {"kind": "base", "name": "unsigned short"}}}},
                   "not_in_this_build": ["Gone", "Old|New"], "not_transcribed": ["Later"]},
                "_U": {"size": null, "note": "parser stopped", "fields": {}}
                """);
        assertThat(p.fieldType("_S", "Plain")).isEqualTo("struct _T*");
        assertThat(p.bitField("_S", "Bits")).isEqualTo(new BitField(8, 3, 5, 4));
        assertThat(p.offset("_S", "Lost")).isEqualTo(8);
        assertThatThrownBy(() -> p.bitField("_S", "Lost")).hasMessageContaining("bit position unknown (not recoverable)");
        assertThat(p.bitField("_S", "Isf")).isEqualTo(new BitField(12, 1, 2, 2));
        assertThat(p.fieldType("_S", "Isf")).isEqualTo("unsigned short");
        assertThatThrownBy(() -> p.offset("_S", "Gone")).hasMessageContaining("the PDB of this build has no such member");
        assertThatThrownBy(() -> p.offset("_S", "New")).hasMessageContaining("the PDB of this build has no such member");
        assertThatThrownBy(() -> p.offset("_S", "Later")).hasMessageContaining("not transcribed");
        assertThatThrownBy(() -> p.structSize("_U")).hasMessageContaining("size unknown (parser stopped)");
        assertThat(p.buildNumber()).isEqualTo(12345);
        assertThat(p.guidAge()).isEmpty();
        assertThat(p.source()).isEqualTo("win99-12345-x64");
    }

    @Test
    void architectureDecidesPointerSizeAndPae() {
        WindowsProfile pae = read("\"arch\": \"x86 (PAE)\", \"pdb\": \"ntkrpamp.pdb\"", "");
        assertThat(pae.pointerSize()).isEqualTo(4);
        assertThat(pae.isPae()).isTrue();
        WindowsProfile plain = read("\"arch\": \"x86\", \"pdb\": \"ntoskrnl.pdb\"", "");
        assertThat(plain.isPae()).isFalse();
        assertThatThrownBy(() -> read("\"arch\": \"arm64\"", ""))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("t.json: at $.arch: unknown architecture 'arm64'");
    }

    @Test
    void siblingGuidsAreKnownOnce() {
        String guid = "606FF669409B00F7FC8C61A9C1670129";
        WindowsProfile p = read("\"arch\": \"x64\", \"guid_age\": \"" + guid + "1\", \"same_layout_for_all_listed_fields\": ["
                + "{\"guid_age\": \"" + guid.toLowerCase() + "1\"}, {\"guid_age\": \"" + guid + "2\"}]", "");
        assertThat(p.knownGuidAges()).containsExactly(guid + "1", guid + "2");
        assertThatThrownBy(() -> read("\"arch\": \"x64\", \"guid_age\": \"zz\"", ""))
                .hasMessageContaining("$.guid_age: 'zz' is not a PDB GUID and age");
    }

    @Test
    void badValuesAreNamedByPath() {
        assertThatThrownBy(() -> read("\"_S\": {\"size\": 4, \"fields\": {\"A\": {\"offset\": 8, \"type\": \"long\"}}}"))
                .hasMessageContaining("$.structs._S.fields.A: offset 8 lies outside the 4-byte _S");
        assertThatThrownBy(() -> read("\"_S\": {\"size\": 4, \"fields\": {\"A\": {\"offset\": -1, \"type\": \"long\"}}}"))
                .hasMessageContaining("$.structs._S.fields.A.offset: expected an integer from 0 to");
        assertThatThrownBy(() -> read("\"_S\": {\"size\": 4, \"fields\": {\"A\": {\"offset\": 0, \"type\": \"unsigned long\","
                + " \"bit_position\": 30, \"bit_length\": 3}}}"))
                .hasMessageContaining("$.structs._S.fields.A: bits 30/3 do not fit a unsigned long");
        assertThatThrownBy(() -> read("\"_S\": {\"size\": 4, \"fields\": {\"A\": {\"offset\": 0, \"type\": \"struct _X\","
                + " \"bit_position\": 0, \"bit_length\": 3}}}"))
                .hasMessageContaining("$.structs._S.fields.A.type: unknown integer type 'struct _X'");
        assertThatThrownBy(() -> read("\"_S\": {\"fields\": {}}"))
                .hasMessageContaining("$.structs._S: missing member \"size\"");
    }

    @Test
    void extraStructsMayNotRedefineAStruct() {
        assertThatThrownBy(() -> read("\"arch\": \"x64\", \"extra_structs\": {\"_S\": {\"kind\": \"struct\", \"size\": 4, \"fields\": {}}}",
                "\"_S\": {\"size\": 4, \"fields\": {}}"))
                .hasMessageContaining("$.extra_structs._S: struct _S is also in \"structs\"");
    }

    @Test
    void theFileNameMustCarryTheBuild() {
        String text = "{\"build\": \"b\", \"arch\": \"x64\", \"structs\": {}}";
        assertThatThrownBy(() -> OffsetsJsonReader.read(Json.parse(text, "t.json"), "custom"))
                .hasMessageContaining("profile name 'custom' does not follow <os>-<build>-<arch>");
    }
}
