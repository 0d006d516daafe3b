package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.AddressSpace;

class LoaderDataTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles().stream().filter(id -> !id.startsWith("win7")).toList();
    }

    @Test
    void theNameHashIsX65599OfTheUpperCasedName() {
        assertThat(LoaderData.x65599("a")).isEqualTo('A');
        assertThat(LoaderData.x65599("ab")).isEqualTo('A' * 65599 + 'B');
        assertThat(LoaderData.x65599("ntdll.dll")).isEqualTo(LoaderData.x65599("NTDLL.DLL"));
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void entriesCarryTheirNameHashAndLoadTime(String id) {
        ImageReader r = SampleFixtures.reader(id);
        SampleProcess notepad = r.manifest.process(r.manifest.planted().pid());
        AddressSpace space = r.space(notepad.dtb());
        for (SampleModule m : notepad.modules()) {
            long e = m.entry().value();
            assertThat(r.get(space, e + r.profile.offset("_LDR_DATA_TABLE_ENTRY", "BaseNameHashValue"), 4))
                    .isEqualTo(LoaderData.x65599(m.baseName()) & 0xFFFF_FFFFL);
            assertThat(r.get(space, e + r.profile.offset("_LDR_DATA_TABLE_ENTRY", "LoadTime"), 8)).isEqualTo(notepad.createTime());
        }
    }
}
