package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.memvfs.win.profile.Profiles;

class SoftwarePtesTest {
    @Test
    void x64EntriesUseTheModernLayout() {
        SoftwarePtes ptes = new SoftwarePtes(Profiles.byId("win10-19041-x64"));
        long transition = ptes.transition(0x0123_4000L, SoftwarePtes.MM_READWRITE);
        assertThat(transition & 1).isZero();
        assertThat((transition >>> 11) & 1).isEqualTo(1);
        assertThat((transition >>> 10) & 1).isZero();
        assertThat((transition >>> 12) & 0xF_FFFF_FFFFL).isEqualTo(0x1234);
        assertThat((transition >>> 5) & 0x1F).isEqualTo(4);
        long pagedOut = ptes.pagedOut(1, 0x3A2, SoftwarePtes.MM_READWRITE);
        assertThat((pagedOut >>> 12) & 0xF).isEqualTo(1);
        assertThat(pagedOut >>> 32).isEqualTo(0x3A2);
        assertThat((pagedOut >>> 4) & 1).as("SwizzleBit: not swizzled").isEqualTo(1);
        long prototype = ptes.prototype(0xFFFF_A68C_3A40_1238L);
        assertThat((prototype >>> 10) & 1).isEqualTo(1);
        assertThat((prototype >> 16)).isEqualTo(0xFFFF_A68C_3A40_1238L);
    }

    @Test
    void windows7PaeEntriesUseTheOlderLayout() {
        SoftwarePtes ptes = new SoftwarePtes(Profiles.byId("win7-7601-x86-pae"));
        long pagedOut = ptes.pagedOut(1, 0x3A2, SoftwarePtes.MM_READWRITE);
        assertThat((pagedOut >>> 1) & 0xF).isEqualTo(1);
        assertThat(pagedOut >>> 32).isEqualTo(0x3A2);
        long prototype = ptes.prototype(0x8D40_1238L);
        assertThat(prototype >>> 32).isEqualTo(0x8D40_1238L);
        assertThat((prototype >>> 10) & 1).isEqualTo(1);
        assertThat(prototype & 1).isZero();
    }
}
