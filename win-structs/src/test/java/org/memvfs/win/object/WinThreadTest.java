package org.memvfs.win.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.win.sample.SampleProcess;
import org.memvfs.win.sample.SampleThread;
import org.memvfs.win.testing.Sample;
import org.memvfs.win.testing.Samples;

/** Every thread of every sample image, field by field against the manifest. */
class WinThreadTest {
    static List<String> profiles() {
        return Samples.profileIds();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void everyFieldIsWhatTheBuilderWrote(String profileId) {
        Sample sample = Samples.of(profileId);
        int seen = 0;
        for (SampleProcess p : sample.manifest().processes()) {
            List<WinThread> threads = sample.kernel().objects().process(p.eprocess()).threads().items();
            assertThat(threads).hasSameSizeAs(p.threads());
            for (int i = 0; i < threads.size(); i++) {
                SampleThread s = p.threads().get(i);
                WinThread t = threads.get(i);
                String as = profileId + " pid " + p.pid() + " tid " + s.tid();
                assertThat(t.address()).as(as).isEqualTo(s.ethread());
                assertThat(t.tid()).as(as).isEqualTo(s.tid());
                assertThat(t.pid()).as(as).isEqualTo(p.pid());
                assertThat(t.startAddress()).as(as).isEqualTo(s.startAddress());
                assertThat(t.win32StartAddress()).as(as).isEqualTo(s.win32StartAddress());
                assertThat(t.teb()).as(as).isEqualTo(Optional.ofNullable(s.teb()));
                assertThat(t.state()).as(as).isEqualTo(s.state());
                assertThat(t.waitReason()).as(as).isEqualTo(s.waitReason());
                assertThat(t.priority()).as(as).isEqualTo(s.priority());
                assertThat(t.createTime()).as(as).isEqualTo(s.createTime());
                assertThat(t.exitTime()).as(as).isEqualTo(s.exitTime());
                assertThat(t.kernelTime()).as(as).isEqualTo(s.kernelTime());
                assertThat(t.userTime()).as(as).isEqualTo(s.userTime());
                seen++;
            }
        }
        assertThat(seen).isGreaterThan(50);
    }
}
