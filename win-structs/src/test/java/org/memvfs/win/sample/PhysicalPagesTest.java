package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhysicalPagesTest {
    @Test
    void writesAcrossPagesReadBackAndOnlyNonZeroFramesAreListed() {
        PhysicalPages pages = new PhysicalPages(1 << 20);
        pages.putLong(0x1FFC, 0x1122_3344_5566_7788L);
        assertThat(pages.getLong(0x1FFC)).isEqualTo(0x1122_3344_5566_7788L);
        assertThat(pages.read(0x1FFC, 4)).containsExactly(0x88, 0x77, 0x66, 0x55);
        pages.write(0x5000, new byte[PhysicalPages.PAGE]);
        assertThat(pages.isWritten(5)).isTrue();
        assertThat(pages.nonZeroFrames().keySet()).containsExactly(1L, 2L);
        assertThat(pages.read(0x9000, 2)).containsExactly(0, 0);
    }

    @Test
    void addressesOutsideTheImageAreRefused() {
        PhysicalPages pages = new PhysicalPages(1 << 20);
        assertThatThrownBy(() -> pages.putLong((1 << 20) - 4, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PhysicalPages(1000)).isInstanceOf(IllegalArgumentException.class);
    }
}
