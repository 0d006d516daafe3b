package org.memvfs.win.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldPathsTest {

    private static StructLayout struct(String name, FieldLayout... fields) {
        Map<String, FieldLayout> map = new LinkedHashMap<>();
        for (FieldLayout f : fields) {
            map.put(f.name(), f);
        }
        return new StructLayout(name, 64, null, map, Map.of("Gone", "gone"), null);
    }

    private static FieldLayout field(String name, int offset, String type) {
        return new FieldLayout(name, offset, type, null, null);
    }

    @Test
    void embeddedTypesAreStructsAndUnionsOnly() {
        assertThat(FieldPaths.embeddedType("struct _A")).isEqualTo("_A");
        assertThat(FieldPaths.embeddedType("union __anonymous_1")).isEqualTo("__anonymous_1");
        assertThat(FieldPaths.embeddedType("class _C")).isEqualTo("_C");
        assertThat(FieldPaths.embeddedType("struct _A*")).isNull();
        assertThat(FieldPaths.embeddedType("struct _A[2]")).isNull();
        assertThat(FieldPaths.embeddedType("unsigned long")).isNull();
        assertThat(FieldPaths.embeddedType("enum _E")).isNull();
    }

    @Test
    void dottedNamesWinOverTypeNavigationAndOffsetsAddUp() {
        Map<String, StructLayout> structs = new LinkedHashMap<>();
        structs.put("_O", struct("_O", field("a", 8, "struct _I"), field("a.b", 100, "long")));
        structs.put("_I", struct("_I", field("b", 4, "long"), field("c", 12, "struct _J")));
        structs.put("_J", struct("_J", field("d", 2, "long")));
        FieldPaths paths = new FieldPaths(structs);

        assertThat(paths.find("_O", "a.b")).hasValueSatisfying(f -> assertThat(f.offset()).isEqualTo(100));
        assertThat(paths.find("_O", "a.c.d")).hasValueSatisfying(f -> {
            assertThat(f.offset()).isEqualTo(8 + 12 + 2);
            assertThat(f.name()).isEqualTo("a.c.d");
        });
        assertThat(paths.find("_O", "x|a.c")).hasValueSatisfying(f -> assertThat(f.offset()).isEqualTo(20));
        assertThat(paths.find("_O", "a.zz")).isEmpty();
        assertThat(paths.find("_NONE", "a")).isEmpty();
    }

    @Test
    void navigationIsBoundedEvenForSelfReferencingTypes() {
        Map<String, StructLayout> structs = new LinkedHashMap<>();
        structs.put("_R", struct("_R", field("self", 1, "struct _R"), field("leaf", 0, "long")));
        FieldPaths paths = new FieldPaths(structs);
        String within = "self.".repeat(FieldPaths.MAX_NESTING) + "leaf";
        String beyond = "self.".repeat(FieldPaths.MAX_NESTING + 1) + "leaf";
        assertThat(paths.find("_R", within)).hasValueSatisfying(f -> assertThat(f.offset()).isEqualTo(FieldPaths.MAX_NESTING));
        assertThat(paths.find("_R", beyond)).isEmpty();
    }

    @Test
    void explainsAbsence() {
        Map<String, StructLayout> structs = new LinkedHashMap<>();
        structs.put("_O", struct("_O", field("p", 0, "struct _I*"), field("q", 8, "struct _MISSING")));
        FieldPaths paths = new FieldPaths(structs);
        assertThat(paths.whyAbsent("_O", "Gone")).isEqualTo("gone");
        assertThat(paths.whyAbsent("_O", "p.x")).isEqualTo("p is a struct _I*, not a struct or union to look into");
        assertThat(paths.whyAbsent("_O", "q.x")).isEqualTo("q is a struct _MISSING, which this profile does not describe");
        assertThat(paths.whyAbsent("_O", "zz")).isEqualTo("no such member in this profile");
        assertThat(paths.whyAbsent("_O", "Gone|zz")).isEqualTo("Gone: gone; zz: no such member in this profile");
    }
}
