package org.memvfs.win.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index that lets memvfs choose a profile without parsing them all says what each file says. */
class ProfileIndexTest {
    @Test
    void everyIndexLineAgreesWithItsProfileFile() {
        List<ProfileIndex> index = BuiltInProfiles.index();
        assertThat(index).hasSize(11);
        for (ProfileIndex entry : index) {
            WindowsProfile profile = BuiltInProfiles.load(entry);
            assertThat(entry.build()).as(entry.id()).isEqualTo(profile.buildNumber());
            assertThat(entry.is64Bit()).as(entry.id()).isEqualTo(profile.is64Bit());
            assertThat(entry.guidAge()).as(entry.id()).isEqualTo(profile.guidAge().orElse(null));
            List<String> known = new ArrayList<>(profile.knownGuidAges());
            known.remove(entry.guidAge());
            assertThat(entry.siblings()).as(entry.id()).containsExactlyInAnyOrderElementsOf(known);
        }
    }

    @Test
    void choosingByGuidOrBuildParsesOnlyTheProfileChosen() {
        String guid = BuiltInProfiles.index().stream().filter(e -> e.id().equals("win10-19041-x64")).findFirst()
                .orElseThrow().siblings().get(3);
        assertThat(Profiles.byGuidAge(guid)).get().extracting(WindowsProfile::id).isEqualTo("win10-19041-x64");
        assertThat(Profiles.byBuildNumber(0xF000_4A63, true)).get().extracting(WindowsProfile::id).isEqualTo("win10-19041-x64");
        assertThat(Profiles.listings()).extracting(Profiles.Listing::id).containsExactlyElementsOf(BuiltInProfiles.ids());
    }

    @Test
    void aBrokenIndexLineIsNamed() {
        assertThatThrownBy(() -> ProfileIndex.parse("win10-19041-x64 19041 arm64 -\n", "index.txt"))
                .isInstanceOf(ProfileException.class).hasMessageContaining("index.txt line 1");
        assertThatThrownBy(() -> ProfileIndex.parse("# comment\nx nineteen x64 -\n", "index.txt"))
                .isInstanceOf(ProfileException.class).hasMessageContaining("line 2").hasMessageContaining("nineteen");
    }
}
