package org.memvfs.win.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProfileResourcesTest {

    @Test
    void readsTheCarriedDataFiles() {
        assertThat(ProfileResources.json("win10-19041-x64.json").get("arch").asString()).isEqualTo("x64");
        assertThat(ProfileResources.json("kddebugger_data64.json").source()).isEqualTo("org/memvfs/win/profiles/kddebugger_data64.json");
        assertThat(ProfileResources.text(BuiltInProfiles.INDEX)).contains("win11-26100-x64");
    }

    @Test
    void aMissingResourceIsNamed() {
        assertThatThrownBy(() -> ProfileResources.json("win12-99999-x64.json"))
                .isInstanceOf(ProfileException.class)
                .hasMessage("the built-in resource org/memvfs/win/profiles/win12-99999-x64.json is missing from the class path");
    }
}
