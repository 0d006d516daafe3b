package org.memvfs.win.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfilesTest {

    @Test
    void elevenBuiltInProfilesLoadedOnce() {
        List<WindowsProfile> all = Profiles.builtIn();
        assertThat(all).extracting(WindowsProfile::id).containsExactly(
                "win7-7601-x64", "win10-17763-x64", "win10-18362-x64", "win10-19041-x64", "win11-22000-x64",
                "win11-22621-x64", "win11-26100-x64", "win7-7601-x86-pae", "win10-17763-x86", "win10-18362-x86",
                "win10-19041-x86");
        assertThat(all).extracting(WindowsProfile::buildNumber)
                .containsExactly(7601, 17763, 18362, 19041, 22000, 22621, 26100, 7601, 17763, 18362, 19041);
        assertThat(all).filteredOn(p -> !p.is64Bit()).allSatisfy(p -> assertThat(p.isPae()).as(p.id()).isTrue());
        assertThat(all).filteredOn(WindowsProfile::is64Bit).hasSize(7).allSatisfy(p -> assertThat(p.isPae()).isFalse());
        assertThat(Profiles.builtIn()).isSameAs(all);
        assertThat(Profiles.byId("win10-19041-x64")).isSameAs(Profiles.builtIn().get(3));
    }

    @Test
    void unknownIdNamesTheKnownOnes() {
        assertThatThrownBy(() -> Profiles.byId("win10-10240-x64"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("no built-in profile 'win10-10240-x64'")
                .hasMessageContaining("win7-7601-x64, win10-17763-x64");
    }

    @Test
    void byGuidAgeMatchesTheGeneratingKernelInAnyCaseAndSpelling() {
        WindowsProfile p = Profiles.byGuidAge("606ff669409b00f7fc8c61a9c16701291").orElseThrow();
        assertThat(p).isSameAs(Profiles.byId("win10-19041-x64"));
        assertThat(Profiles.byGuidAge("606FF669409B00F7FC8C61A9C1670129-1")).containsSame(p);
        assertThat(p.symbolRva("PsActiveProcessHead")).isPresent();
    }

    @Test
    void byGuidAgeMatchesSiblingKernelsButDropsTheirSymbols() {
        // 10.0.19041.329, listed in same_layout_for_all_listed_fields
        WindowsProfile sibling = Profiles.byGuidAge("bbed7c2955fbe4522aaa23f4b8677ad91").orElseThrow();
        assertThat(sibling.id()).isEqualTo("win10-19041-x64");
        assertThat(sibling.guidAge()).hasValue("BBED7C2955FBE4522AAA23F4B8677AD91");
        assertThat(sibling.offset("_EPROCESS", "UniqueProcessId")).isEqualTo(0x440);
        assertThat(sibling.symbolNames()).isEmpty();
        assertThat(sibling.symbolRva("PsActiveProcessHead")).isEmpty();
    }

    @Test
    void everyListedGuidFindsItsProfile() {
        int guids = 0;
        for (WindowsProfile p : Profiles.builtIn()) {
            for (String guidAge : p.knownGuidAges()) {
                assertThat(Profiles.byGuidAge(guidAge)).as(guidAge).hasValueSatisfying(found -> assertThat(found.id()).isEqualTo(p.id()));
                guids++;
            }
        }
        // 1 + 39 + ... GUIDs across the five JPCERT-based files
        assertThat(guids).isGreaterThan(100);
        assertThat(Profiles.byGuidAge("00000000000000000000000000000000" + "1")).isEmpty();
        assertThatThrownBy(() -> Profiles.byGuidAge("nonsense")).isInstanceOf(ProfileException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "7601, true, win7-7601-x64",
        "7601, false, win7-7601-x86-pae",
        "17763, true, win10-17763-x64",
        "17763, false, win10-17763-x86",
        "18362, true, win10-18362-x64",
        "18363, true, win10-18362-x64",
        "18363, false, win10-18362-x86",
        "19041, true, win10-19041-x64",
        "19042, true, win10-19041-x64",
        "19043, false, win10-19041-x86",
        "19044, true, win10-19041-x64",
        "19045, true, win10-19041-x64",
        "19045, false, win10-19041-x86",
        "22000, true, win11-22000-x64",
        "22621, true, win11-22621-x64",
        "22631, true, win11-22621-x64",
        "26100, true, win11-26100-x64",
    })
    void byBuildNumberMapsSharedKernels(int build, boolean is64Bit, String id) {
        assertThat(Profiles.byBuildNumber(build, is64Bit)).hasValueSatisfying(p -> assertThat(p.id()).isEqualTo(id));
    }

    @Test
    void byBuildNumberAcceptsRawNtBuildNumberAndKnowsItsGaps() {
        assertThat(Profiles.byBuildNumber(0xF0004A65, true)).hasValueSatisfying(p -> assertThat(p.id()).isEqualTo("win10-19041-x64"));
        assertThat(Profiles.byBuildNumber(7600, true)).isEmpty();
        assertThat(Profiles.byBuildNumber(10240, true)).isEmpty();
        assertThat(Profiles.byBuildNumber(22000, false)).isEmpty();
        assertThat(Profiles.byBuildNumber(26100, false)).isEmpty();
    }

    @Test
    void kernelBuildMapping() {
        assertThat(Profiles.kernelBuild(18363)).isEqualTo(18362);
        assertThat(List.of(19042, 19043, 19044, 19045)).allSatisfy(b -> assertThat(Profiles.kernelBuild(b)).isEqualTo(19041));
        assertThat(Profiles.kernelBuild(22631)).isEqualTo(22621);
        assertThat(Profiles.kernelBuild(26100)).isEqualTo(26100);
        assertThat(Profiles.kernelBuild(12345)).isEqualTo(12345);
    }
}
