package org.memvfs.linux.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memvfs.linux.FakeMemory;

class DirectMapProbeTest {
    private static final long BASE = 0xffff_8880_0000_0000L;
    private static final long BACK = 0xffff_ffff_82a1_b2d0L;

    @Test
    void theBaseIsTheOneWhereTheNextTaskPointsBack() {
        FakeMemory memory = new FakeMemory().range(0, 0x10000);
        memory.put64(0x4ca8 + 8, BACK);
        assertThat(DirectMapProbe.candidates(memory, BASE + 0x4ca8, BACK, 8)).containsExactly(BASE);
        assertThat(DirectMapProbe.choose(List.of(BASE), BASE + 0x4ca8)).isEqualTo(BASE);
    }

    @Test
    void noBaseOrSeveralAreNamedFailures() {
        FakeMemory memory = new FakeMemory().range(0, 0x10000);
        assertThat(DirectMapProbe.candidates(memory, BASE + 0x4ca8, BACK, 8)).isEmpty();
        assertThatThrownBy(() -> DirectMapProbe.choose(List.of(), BASE + 0x4ca8)).isInstanceOf(KernelNotFoundException.class)
                .hasMessageContaining("no 1 GiB-aligned direct-map base");
        assertThatThrownBy(() -> DirectMapProbe.choose(List.of(BASE, BASE + (1L << 30)), BASE)).hasMessageContaining("several");
    }

    @Test
    void aPointerBelowTheKernelHalfOrIntoTheImageIsNoBase() {
        FakeMemory memory = new FakeMemory().range(0, 0x10000);
        memory.put64(0x4ca8 + 8, BACK);
        assertThat(DirectMapProbe.candidates(memory, 0x4ca8, BACK, 8)).as("a user address").isEmpty();
        assertThat(DirectMapProbe.candidates(memory, 0xffff_ffff_c000_4ca8L, BACK, 8)).as("a base in the kernel image").isEmpty();
    }
}
