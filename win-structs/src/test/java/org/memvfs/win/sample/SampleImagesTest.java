package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.win.profile.Profiles;

class SampleImagesTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    @Test
    void everyBuiltInProfileIsSupported() {
        assertThat(SampleImages.supportedProfiles()).hasSize(11)
                .containsExactlyElementsOf(Profiles.builtIn().stream().map(p -> p.id()).toList());
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void buildingTwiceGivesIdenticalImages(String id) {
        SampleImage first = SampleFixtures.image(id);
        SampleImage second = SampleImages.build(Profiles.byId(id));
        assertThat(second.manifest()).isEqualTo(first.manifest());
        assertThat(second.physicalSize()).isEqualTo(first.physicalSize());
        assertThat(second.frames().keySet()).containsExactlyElementsOf(first.frames().keySet());
        for (Long frame : first.frames().keySet()) {
            assertThat(java.util.Arrays.equals(second.frames().get(frame), first.frames().get(frame)))
                    .as("frame 0x%x", frame).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theManifestDescribesTheProfile(String id) {
        SampleManifest m = SampleFixtures.image(id).manifest();
        assertThat(m.profileId()).isEqualTo(id);
        assertThat(m.buildNumber()).isEqualTo(Profiles.byId(id).buildNumber());
        assertThat(m.mode().id()).isEqualTo(id.endsWith("x64") ? "x64" : "pae");
        assertThat(m.planted().text()).isEqualTo("MEMVFS-SAMPLE-PLANTED-7c3f1e");
        assertThat(m.systemTime()).isEqualTo(SampleClock.CAPTURE);
    }
}
