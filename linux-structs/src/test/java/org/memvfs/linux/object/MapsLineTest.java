package org.memvfs.linux.object;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MapsLineTest {

    @Test
    void aNamedRegionHasItsNameAtColumn74() {
        String line = MapsLine.format(0x400000, 0x401000, "r--p", 0, 0, 2, 211, "/bin/workload");
        assertThat(line).isEqualTo("00400000-00401000 r--p 00000000 00:02 211" + " ".repeat(32) + "/bin/workload");
        assertThat(line.indexOf('/')).isEqualTo(73);
    }

    @Test
    void anUnnamedRegionEndsWithTheSpaceAfterItsInode() {
        assertThat(MapsLine.format(0x4a9000, 0x5ae000, "rw-p", 0, 0, 0, 0, "")).isEqualTo("004a9000-005ae000 rw-p 00000000 00:00 0 ");
    }

    @Test
    void aNewlineInAFilesPathIsPrintedAsOctal() {
        assertThat(MapsLine.escapeNewlines("/tmp/a\nb")).isEqualTo("/tmp/a\\012b");
    }

    @Test
    void longNumbersAreNotCutAndPushTheNameOnByOneSpace() {
        String line = MapsLine.format(0x7ffe456f1000L, 0x7ffe45712000L, "rw-p", 0x123456789L, 0x103, 0x12345, 123456789012L, "[stack]");
        assertThat(line).isEqualTo("7ffe456f1000-7ffe45712000 rw-p 123456789 103:12345 123456789012" + " ".repeat(10) + "[stack]");
        String wide = MapsLine.format(-4096L, -1L, "r-xs", 0, 0, 0, Long.MAX_VALUE, "x");
        assertThat(wide).endsWith(" " + Long.MAX_VALUE + "  x");
    }
}
