package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;

class KernelImagePlanTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void knownRvasAreKeptAndEveryVariableLiesInASection(String id) {
        WindowsProfile profile = Profiles.byId(id);
        Map<String, Integer> variables = SampleImageBuilder.kernelVariables(profile);
        KernelImagePlan plan = KernelImagePlan.plan(profile, variables);
        for (String symbol : profile.symbolNames()) {
            assertThat(plan.rva(symbol)).isEqualTo(profile.symbolRva(symbol).getAsLong());
            assertThat(plan.fromProfile(symbol)).isTrue();
        }
        for (Map.Entry<String, Integer> v : variables.entrySet()) {
            int rva = plan.rva(v.getKey());
            assertThat(plan.sections()).as(v.getKey()).anyMatch(s -> rva >= s.rva() && rva + v.getValue() <= s.end());
        }
        assertThat(plan.sizeOfImage()).isEqualTo(plan.sections().get(plan.sections().size() - 1).end());
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void sectionsAreContiguousPageAlignedAndNamedLikeNtoskrnls(String id) {
        KernelImagePlan plan = KernelImagePlan.plan(Profiles.byId(id), SampleImageBuilder.kernelVariables(Profiles.byId(id)));
        List<PeImage.Section> sections = plan.sections();
        assertThat(sections.get(0).rva()).isEqualTo(0x1000);
        for (int i = 1; i < sections.size(); i++) {
            assertThat(sections.get(i).rva()).isEqualTo(sections.get(i - 1).end());
            assertThat(sections.get(i).rva() % 0x1000).isZero();
        }
        assertThat(sections.stream().map(PeImage.Section::name)).contains(".text", ".data", "PAGE", "POOLCODE", "INIT");
        assertThat(plan.entryRva()).isBetween(plan.section("INIT").rva(), plan.section("INIT").end());
        assertThat(plan.section(".data").characteristics()).isEqualTo(PeImage.Section.DATA);
        assertThat(plan.rva("PsActiveProcessHead")).isBetween(plan.section(".data").rva(), plan.section(".data").end());
    }

    @Test
    void profilesWithoutRvasGetEveryVariableInData() {
        WindowsProfile profile = Profiles.byId("win11-26100-x64");
        KernelImagePlan plan = KernelImagePlan.plan(profile, SampleImageBuilder.kernelVariables(profile));
        assertThat(plan.fromProfile("PsActiveProcessHead")).isFalse();
        PeImage.Section data = plan.section(".data");
        assertThat(plan.rva("KdDebuggerDataBlock")).isBetween(data.rva(), data.end());
    }
}
