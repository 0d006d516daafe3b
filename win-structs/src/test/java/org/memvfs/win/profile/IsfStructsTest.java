package org.memvfs.win.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.memvfs.win.json.Json;
import org.memvfs.win.json.JsonNode;

class IsfStructsTest {

    @Test
    void recognisesTheAnonymousNamesOfEachProducer() {
        assertThat(IsfStructs.isAnonymous("__unnamed_15d7")).isTrue();
        assertThat(IsfStructs.isAnonymous("__anonymous_1de7")).isTrue();
        assertThat(IsfStructs.isAnonymous("<unnamed-tag>")).isTrue();
        assertThat(IsfStructs.isAnonymous("_KPROCESS::<unnamed-tag>")).isTrue();
        assertThat(IsfStructs.isAnonymous("")).isTrue();
        assertThat(IsfStructs.isAnonymous("_MMVAD_FLAGS")).isFalse();
        assertThat(IsfStructs.isAnonymous("u")).isFalse();
    }

    @Test
    void anonymousNestingIsBounded() {
        // a type that contains itself as an anonymous member: corrupt data, must not recurse forever
        JsonNode types = Json.parse("""
                {"__anonymous_loop": {"kind": "struct", "size": 4, "fields": {
                   "": {"offset": 0, "type": {"kind": "struct", "name": "__anonymous_loop"}}}}}
                """, "loop.json");
        IsfStructs structs = new IsfStructs(types.members(), new IsfTypes(Map.of(), Map.of()));
        assertThatThrownBy(structs::all).hasMessageContaining("anonymous members nested deeper than 8 levels");
    }

    @Test
    void userTypesMustBeAggregates() {
        JsonNode types = Json.parse("{\"_E\": {\"kind\": \"enum\", \"size\": 4, \"fields\": {}}}", "e.json");
        IsfStructs structs = new IsfStructs(types.members(), new IsfTypes(Map.of(), Map.of()));
        assertThatThrownBy(structs::all).hasMessageContaining("$._E.kind: a user type is a struct, union or class, not 'enum'");
    }
}
