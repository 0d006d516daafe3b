package org.memvfs.win.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.win.sample.SampleProcess;
import org.memvfs.win.sample.SampleVad;
import org.memvfs.win.testing.Sample;
import org.memvfs.win.testing.Samples;

/** Every VAD of every sample image, field by field against the manifest: flag bits move between nearly every build. */
class WinVadTest {
    static List<String> profiles() {
        return Samples.profileIds();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void everyFieldIsWhatTheBuilderWrote(String profileId) {
        Sample sample = Samples.of(profileId);
        int files = 0;
        int committed = 0;
        int shared = 0;
        for (SampleProcess p : sample.manifest().processes()) {
            List<WinVad> vads = sample.kernel().objects().process(p.eprocess()).vads().items();
            assertThat(vads).hasSameSizeAs(p.vads());
            for (int i = 0; i < vads.size(); i++) {
                SampleVad s = p.vads().get(i);
                WinVad v = vads.get(i);
                String as = profileId + " pid " + p.pid() + " VAD " + s.start();
                assertThat(v.address()).as(as).isEqualTo(s.node());
                assertThat(v.start()).as(as).isEqualTo(s.start());
                assertThat(v.end()).as(as).isEqualTo(s.end());
                assertThat(v.size()).as(as).isEqualTo(s.size());
                assertThat(v.vadType()).as(as).isEqualTo(s.vadType());
                assertThat(v.protection()).as(as).isEqualTo(s.protection());
                assertThat(v.isPrivate()).as(as).isEqualTo(s.privateMemory());
                assertThat(v.isCommitted()).as(as).isEqualTo(s.memCommit());
                assertThat(v.fileName()).as(as).isEqualTo(Optional.ofNullable(s.fileName()));
                files += s.fileName() != null ? 1 : 0;
                committed += s.memCommit() ? 1 : 0;
                shared += s.privateMemory() ? 0 : 1;
            }
        }
        assertThat(files).as("file-backed VADs").isGreaterThan(20);
        assertThat(committed).as("committed VADs").isGreaterThan(0);
        assertThat(shared).as("shared VADs").isGreaterThan(0);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void regionsAreAscendingAndDoNotOverlap(String profileId) {
        Sample sample = Samples.of(profileId);
        for (SampleProcess p : sample.manifest().processes()) {
            List<WinVad> vads = sample.kernel().objects().process(p.eprocess()).vads().items();
            for (int i = 1; i < vads.size(); i++) {
                assertThat(vads.get(i).start()).isGreaterThan(vads.get(i - 1).end());
            }
        }
    }
}
