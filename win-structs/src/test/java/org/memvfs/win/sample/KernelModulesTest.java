package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** PsLoadedModuleList read back: ntoskrnl first, then hal and drivers, each with its PE header. */
class KernelModulesTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theListHoldsTheManifestsModulesWithHeadersAtTheirBases(String id) {
        ImageReader r = SampleFixtures.reader(id);
        String struct = r.profile.hasStruct("_KLDR_DATA_TABLE_ENTRY") ? "_KLDR_DATA_TABLE_ENTRY" : "_LDR_DATA_TABLE_ENTRY";
        int links = r.profile.offset(struct, "InLoadOrderLinks");
        List<Long> entries = new ArrayList<>();
        for (long entry : r.walk(r.manifest.psLoadedModuleList().value())) {
            entries.add(entry - links);
        }
        List<SampleModule> modules = r.manifest.kernelModules();
        assertThat(entries).containsExactlyElementsOf(modules.stream().map(m -> m.entry().value()).toList());
        assertThat(modules.get(0).baseName()).isEqualTo("ntoskrnl.exe");
        assertThat(modules.get(0).base()).isEqualTo(r.manifest.kernelBase());
        assertThat(modules.stream().map(SampleModule::baseName)).contains("hal.dll", "Ntfs.sys");
        for (SampleModule m : modules) {
            long e = m.entry().value();
            assertThat(r.pointerField(e, struct, "DllBase")).isEqualTo(m.base().value());
            assertThat(r.field(e, struct, "SizeOfImage", 4)).isEqualTo(m.size());
            assertThat(r.unicode(e + r.profile.offset(struct, "BaseDllName"))).isEqualTo(m.baseName());
            assertThat(r.unicode(e + r.profile.offset(struct, "FullDllName"))).isEqualTo(m.fullName()).startsWith("\\SystemRoot\\");
            assertThat(r.poolTag(e)).isEqualTo("MmLd");
            PeReader pe = new PeReader((rva, length) -> r.read(m.base().value() + rva, length));
            assertThat(pe.sizeOfImage()).isEqualTo(m.size());
            assertThat(pe.imageBase()).isEqualTo(m.base().value());
        }
    }
}
