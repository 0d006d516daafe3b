package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** File-backed VADs name their files through Subsection → ControlArea → FilePointer → FileName. */
class MappedFilesTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void fileBackedVadsLeadToTheirFileObjects(String id) {
        ImageReader r = SampleFixtures.reader(id);
        int refBits = r.profile.bitField("_EX_FAST_REF", "RefCnt").bitLength();
        for (SampleProcess p : r.manifest.processes()) {
            for (SampleVad v : p.vads()) {
                if (v.fileName() == null) {
                    continue;
                }
                long subsection = r.pointerField(v.node().value(), "_MMVAD", "Subsection");
                long controlArea = r.pointerField(subsection, "_SUBSECTION", "ControlArea");
                assertThat(r.poolTag(controlArea)).isEqualTo(v.vadType() == VadEntry.VAD_IMAGE_MAP ? "MmCi" : "MmCa");
                long file = r.pointerField(controlArea, "_CONTROL_AREA", "FilePointer") & -(1L << refBits);
                assertThat(r.unicode(file + r.profile.offset("_FILE_OBJECT", "FileName"))).isEqualTo(v.fileName());
                assertThat(r.poolTag(file - r.profile.offset("_OBJECT_HEADER", "Body"))).isEqualTo("File");
                assertThat(r.pointerField(v.node().value(), "_MMVAD", "FirstPrototypePte"))
                        .isEqualTo(r.pointerField(subsection, "_SUBSECTION", "SubsectionBase"));
                if (r.profile.has("_MMVAD", "FileObject")) {
                    assertThat(r.pointerField(v.node().value(), "_MMVAD", "FileObject")).isEqualTo(file);
                }
                long pages = (v.size() + 0xFFF) / 0x1000;
                assertThat(r.field(subsection, "_SUBSECTION", "PtesInSubsection", 4)).isEqualTo(pages);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void everyProcessWithUserCodeMapsItsImageNtdllAndLocaleNls(String id) {
        for (SampleProcess p : SampleFixtures.image(id).manifest().processes()) {
            if (p.peb() == null || !p.isRunning()) {
                continue;
            }
            List<String> files = p.vads().stream().map(SampleVad::fileName).filter(f -> f != null).toList();
            assertThat(files).as(p.imageFileName()).contains("\\Windows\\System32\\ntdll.dll",
                    "\\Windows\\System32\\locale.nls", p.imagePath().substring("\\Device\\HarddiskVolume3".length()));
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void processesMappingTheSameFileShareItsControlArea(String id) {
        ImageReader r = SampleFixtures.reader(id);
        java.util.Set<Long> ntdllSubsections = new java.util.HashSet<>();
        for (SampleProcess p : r.manifest.processes()) {
            p.vads().stream().filter(v -> "\\Windows\\System32\\ntdll.dll".equals(v.fileName()))
                    .forEach(v -> ntdllSubsections.add(r.pointerField(v.node().value(), "_MMVAD", "Subsection")));
        }
        assertThat(ntdllSubsections).hasSize(1);
    }
}
