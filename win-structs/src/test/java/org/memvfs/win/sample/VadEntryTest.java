package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VadEntryTest {
    @Test
    void vadsCoverWholePages() {
        VadEntry v = VadEntry.privateRange(0x7FFE_0000L, 0x1000, VadEntry.MM_READONLY, true, 1);
        assertThat(v.end()).isEqualTo(0x7FFE_0FFFL);
        assertThat(v.pages()).isEqualTo(1);
        assertThat(v.isPrivate()).isTrue();
        assertThatThrownBy(() -> VadEntry.privateRange(0x7FFE_0010L, 0x1000, 1, true, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VadEntry.privateRange(0x7FFE_0000L, 0x800, 1, true, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
