package org.memvfs.vfs.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memvfs.linux.object.Vma;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.vfs.linux.LinuxGuestKernels.Image;
import org.memvfs.vfs.os.OsRegion;

class LinuxNamesTest {

    @Test
    void regionsAreFilesOrPrivateMemoryTaggedByFileOrBracketName() {
        Image b = new Image(GuestConfig.B, false);
        List<Vma> vmas = LinuxGuestKernels.kernel(b).model().process(1).orElseThrow().mm().orElseThrow().vmas().items();
        List<OsRegion> regions = vmas.stream().map(LinuxNames::region).toList();
        OsRegion text = regions.get(1);
        assertThat(text.kind()).isEqualTo(LinuxNames.FILE_KIND);
        assertThat(text.permissions()).isEqualTo("r-x");
        assertThat(text.protection()).isEqualTo("r-xp");
        assertThat(text.file()).isEqualTo("/bin/busybox");
        assertThat(text.tag()).isEqualTo("busybox");
        assertThat(text.end().value()).isEqualTo(vmas.get(1).end().value() - 1);
        assertThat(regions).extracting(OsRegion::tag).contains("heap", "stack", "vdso", "vvar", "");
        assertThat(regions.get(5).kind()).isEqualTo("private");
        assertThat(regions.get(5).file()).isEmpty();
    }

    @Test
    void timesSinceBootAreSecondsWithMicroseconds() {
        assertThat(LinuxNames.sinceBoot(Duration.ofNanos(3_241_699_040L))).isEqualTo("+3.241699s after boot");
    }
}
