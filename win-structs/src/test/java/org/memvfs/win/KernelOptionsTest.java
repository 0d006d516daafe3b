package org.memvfs.win;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.win.locate.KernelHints;
import org.memvfs.win.object.WalkLimits;

class KernelOptionsTest {
    @Test
    void theDefaultsFindEverythingWithTheDefaultLimits() {
        assertThat(KernelOptions.DEFAULT.hints()).isEqualTo(KernelHints.NONE);
        assertThat(KernelOptions.DEFAULT.symbols()).isNull();
        assertThat(KernelOptions.DEFAULT.profileId()).isNull();
        assertThat(KernelOptions.DEFAULT.limits()).isEqualTo(WalkLimits.DEFAULT);
        assertThat(new KernelOptions(null, null, null, null)).isEqualTo(KernelOptions.DEFAULT);
    }

    @Test
    void eachWitherChangesOnePart() {
        KernelHints hints = KernelHints.NONE.withDtb(new Pa(0x1aa000), PagingMode.X64_4LEVEL);
        WalkLimits limits = new WalkLimits(10, 10, 10, 10, 10);
        KernelOptions options = KernelOptions.DEFAULT.withHints(hints).withSymbols(Path.of("symbols"))
                .withProfile("win10-19041-x64").withLimits(limits);
        assertThat(options).isEqualTo(new KernelOptions(hints, Path.of("symbols"), "win10-19041-x64", limits));
    }
}
