package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameAllocatorTest {
    @Test
    void generalFramesAreDistinctScatteredAndAboveTheKernelZone() {
        FrameAllocator frames = new FrameAllocator(256L << 20);
        Set<Long> seen = new HashSet<>();
        long previous = -1;
        int adjacent = 0;
        for (int i = 0; i < 20_000; i++) {
            long pa = frames.allocate();
            assertThat(pa % PhysicalPages.PAGE).isZero();
            assertThat(pa).isGreaterThanOrEqualTo(FrameAllocator.KERNEL_ZONE_END).isLessThan(256L << 20);
            assertThat(seen.add(pa)).isTrue();
            adjacent += pa == previous + PhysicalPages.PAGE ? 1 : 0;
            previous = pa;
        }
        assertThat(adjacent).isZero();
    }

    @Test
    void theWholeGeneralZoneCanBeTakenThenItRunsOut() {
        FrameAllocator frames = new FrameAllocator(128L << 20);
        long zone = ((128L << 20) - FrameAllocator.KERNEL_ZONE_END) / PhysicalPages.PAGE;
        for (long i = 0; i < zone; i++) {
            frames.allocate();
        }
        assertThatThrownBy(frames::allocate).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void contiguousRunsAreLargePageAlignedAndFixedFramesAreTakenOnce() {
        FrameAllocator frames = new FrameAllocator(256L << 20);
        long a = frames.contiguous(0x30_0000);
        long b = frames.contiguous(0x1000);
        assertThat(a).isEqualTo(FrameAllocator.KERNEL_ZONE_START);
        assertThat(b).isEqualTo(a + 0x40_0000);
        assertThat(frames.reserve(0x1AA000)).isEqualTo(0x1AA000);
        assertThatThrownBy(() -> frames.reserve(0x1AA000)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> frames.reserve(0x1AA010)).isInstanceOf(IllegalArgumentException.class);
    }
}
