package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LittleEndianTest {
    @Test
    void poolTagsKeepTheirFirstCharacterInTheLowByte() {
        assertThat(LittleEndian.tag("Proc")).isEqualTo(0x636F_7250);
        assertThatThrownBy(() -> LittleEndian.tag("Vad")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stringsAndNumbersRoundTrip() {
        assertThat(LittleEndian.utf16z("ab")).containsExactly('a', 0, 'b', 0, 0, 0);
        assertThat(LittleEndian.asciiz("ab")).containsExactly('a', 'b', 0);
        byte[] b = new byte[8];
        LittleEndian.put(b, 0, 0xAABB_CCDDL, 3);
        assertThat(LittleEndian.get(b, 0, 8)).isEqualTo(0xBB_CCDDL);
        assertThat(LittleEndian.getLong(LittleEndian.longBytes(-2), 0)).isEqualTo(-2);
    }
}
