package org.memvfs.win.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BitFieldTest {

    @Test
    void extractsTheFieldFromItsStorageUnit() {
        // 19041 _MMVAD_FLAGS.Protection: bits 7..11 of a dword
        BitField protection = new BitField(0x30, 7, 5, 4);
        assertThat(protection.mask()).isEqualTo(0x1f);
        assertThat(protection.extract(0b1_0100_0000_0000L | 0x7fL)).isEqualTo(0b01000);
        assertThat(protection.extract(0x4L << 7)).isEqualTo(4);
        BitField whole = new BitField(0, 0, 64, 8);
        assertThat(whole.mask()).isEqualTo(-1L);
        assertThat(whole.extract(0x8000_0000_0000_0001L)).isEqualTo(0x8000_0000_0000_0001L);
        assertThat(new BitField(0, 63, 1, 8).extract(Long.MIN_VALUE)).isEqualTo(1);
    }

    @Test
    void refusesBitsOutsideTheUnit() {
        assertThatThrownBy(() -> new BitField(0, 30, 3, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BitField(0, 0, 0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BitField(0, 0, 1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BitField(-1, 0, 1, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shiftsAndPrints() {
        BitField f = new BitField(0, 25, 1, 4).shiftedBy(0x30);
        assertThat(f).isEqualTo(new BitField(0x30, 25, 1, 4));
        assertThat(f).hasToString("bits 25/1 of the 4-byte unit at 0x30");
    }
}
