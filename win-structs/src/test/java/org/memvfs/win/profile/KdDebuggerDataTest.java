package org.memvfs.win.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KdDebuggerDataTest {

    @Test
    void everyProfileHasTheDebuggerDataBlockPerReadme() {
        for (WindowsProfile p : Profiles.builtIn()) {
            String s = "_KDDEBUGGER_DATA64";
            assertThat(p.structSize(s)).as(p.id()).isEqualTo(0x340);
            assertThat(p.offset(s, "KernBase")).as(p.id()).isEqualTo(0x18);
            assertThat(p.offset(s, "PsLoadedModuleList")).isEqualTo(0x48);
            assertThat(p.offset(s, "PsActiveProcessHead")).isEqualTo(0x50);
            assertThat(p.offset(s, "PspCidTable")).isEqualTo(0x58);
            assertThat(p.offset(s, "MmPfnDatabase")).isEqualTo(0xc0);
            assertThat(p.offset(s, "KiProcessorBlock")).isEqualTo(0x218);
            assertThat(p.offset(s, "MmPhysicalMemoryBlock")).isEqualTo(0x270);
            assertThat(p.offset(s, "OffsetPrcbContext")).isEqualTo(0x338);
            assertThat(p.offset(s, "Header.OwnerTag")).isEqualTo(0x10);
            assertThat(p.structSize("LIST_ENTRY64")).isEqualTo(0x10);
        }
    }

    @Test
    void supplementsOnlyWhatIsMissingAndClearsTheMissingNote() {
        Map<String, StructLayout> structs = new LinkedHashMap<>();
        StructLayout own = new StructLayout("LIST_ENTRY64", 99, null, Map.of(), Map.of(), null);
        structs.put("LIST_ENTRY64", own);
        Map<String, String> missing = new HashMap<>(Map.of("_KDDEBUGGER_DATA64", "struct not present", "_X", "gone"));

        KdDebuggerData.supplement(structs, missing);

        assertThat(structs.keySet()).containsExactlyInAnyOrderElementsOf(KdDebuggerData.structNames());
        assertThat(structs.get("LIST_ENTRY64")).isSameAs(own);
        assertThat(structs.get("_KDDEBUGGER_DATA64").size()).isEqualTo(0x340);
        assertThat(missing).containsOnlyKeys("_X");
    }
}
