package org.memvfs.win.locate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which values are build numbers. */
class BuildProbeTest {
    @Test
    void aPlainBuildNumberAsKuserSharedDataHoldsIt() {
        assertThat(BuildProbe.plausible(19045)).contains(19045);
    }

    @Test
    void theExportedVariableCarriesTheFreeOrCheckedBuildNibble() {
        assertThat(BuildProbe.plausible(0xF000_1DB1L)).contains(7601);
        assertThat(BuildProbe.plausible(0xC000_4A61L)).contains(19041);
    }

    @Test
    void anythingElseIsNotABuildNumber() {
        assertThat(BuildProbe.plausible(0)).isEmpty();
        assertThat(BuildProbe.plausible(-1)).isEmpty();
        assertThat(BuildProbe.plausible(0x0001_4A61L)).isEmpty();
        assertThat(BuildProbe.plausible(0xA000_4A61L)).isEmpty();
        assertThat(BuildProbe.plausible(2600)).isEmpty();
    }
}
