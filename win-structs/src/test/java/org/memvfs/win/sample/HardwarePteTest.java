package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.memvfs.win.profile.Profiles;

class HardwarePteTest {
    private final HardwarePte pte = new HardwarePte(Profiles.byId("win10-19041-x64"));

    @Test
    void leavesCarryWindowsSoftwareWriteBitAndNxForData() {
        long data = pte.page(0x1234_5000L, PageAccess.USER_DATA);
        assertThat(data & 0xFFF).isEqualTo(0x867);
        assertThat(data < 0).as("NX").isTrue();
        long code = pte.page(0x1234_5000L, PageAccess.USER_CODE);
        assertThat(code).isEqualTo(0x1234_5000L | 0x25);
        assertThat(HardwarePte.frameOf(code)).isEqualTo(0x1234_5000L);
    }

    @Test
    void largePagesAreGlobalAndTheSelfMapIsNotExecutable() {
        assertThat(pte.largePage(0x20_0000, PageAccess.KERNEL_IMAGE) & 0x1FF).isEqualTo(0x1E3);
        assertThat(pte.selfReference(0x1AA000)).isEqualTo(0x8000_0000_001A_A063L);
        assertThat(pte.table(0x5000, true) & 0xFFF).isEqualTo(0x867);
        assertThat(pte.table(0x5000, false) & 0xFFF).isEqualTo(0x063);
    }
}
