package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memvfs.win.profile.Profiles;

class BuildContextTest {
    @Test
    void threadIdsSkipProcessIds() {
        BuildContext ctx = new BuildContext(Profiles.byId("win10-19041-x64"));
        ctx.reserveProcessIds(List.of(4, 12));
        assertThat(List.of(ctx.nextThreadId(), ctx.nextThreadId(), ctx.nextThreadId())).containsExactly(8, 16, 20);
    }

    @Test
    void wow64UsesTheX86ProfileOfTheBuildOr19041ForWindows11() {
        assertThat(new BuildContext(Profiles.byId("win10-18362-x64")).profile32.id()).isEqualTo("win10-18362-x86");
        assertThat(new BuildContext(Profiles.byId("win7-7601-x64")).profile32.id()).isEqualTo("win7-7601-x86-pae");
        assertThat(new BuildContext(Profiles.byId("win11-26100-x64")).profile32.id()).isEqualTo("win10-19041-x86");
        assertThat(new BuildContext(Profiles.byId("win10-19041-x86")).profile32.id()).isEqualTo("win10-19041-x86");
    }
}
