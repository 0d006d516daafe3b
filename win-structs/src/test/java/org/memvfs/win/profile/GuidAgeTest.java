package org.memvfs.win.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuidAgeTest {
    private static final String GUID = "606FF669409B00F7FC8C61A9C1670129";

    @Test
    void parsesBothSpellingsInAnyCase() {
        assertThat(GuidAge.parse(GUID + "1")).isEqualTo(new GuidAge(GUID, 1));
        assertThat(GuidAge.parse(GUID.toLowerCase() + "-1")).isEqualTo(new GuidAge(GUID, 1));
        // symbol-server spelling: the age is hex; Volatility file names: decimal
        assertThat(GuidAge.parse(GUID + "1A").age()).isEqualTo(26);
        assertThat(GuidAge.parse(GUID + "-26").age()).isEqualTo(26);
        assertThat(GuidAge.parse("  " + GUID + "2 ").age()).isEqualTo(2);
    }

    @Test
    void printsCanonicallyAndAsAFileStem() {
        GuidAge g = new GuidAge(GUID.toLowerCase(), 26);
        assertThat(g.guid()).isEqualTo(GUID);
        assertThat(g).hasToString(GUID + "1A");
        assertThat(g.fileStem()).isEqualTo(GUID + "-26");
        assertThat(GuidAge.parse(g.toString())).isEqualTo(g);
        assertThat(GuidAge.parse(g.fileStem())).isEqualTo(g);
    }

    @Test
    void readsTheRsdsRecordByteOrder() {
        // Data1..Data3 little-endian, Data4 as stored
        byte[] rsds = {
            0x69, (byte) 0xF6, 0x6F, 0x60, (byte) 0x9B, 0x40, (byte) 0xF7, 0x00,
            (byte) 0xFC, (byte) 0x8C, 0x61, (byte) 0xA9, (byte) 0xC1, 0x67, 0x01, 0x29,
        };
        assertThat(GuidAge.fromCodeView(rsds, 1)).hasToString(GUID + "1");
        assertThatThrownBy(() -> GuidAge.fromCodeView(new byte[15], 1)).isInstanceOf(ProfileException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "606FF669", GUID, GUID + "-", GUID + "-x", GUID + "123456789", GUID + "G",
        "606FF669-409B-00F7-FC8C-61A9C1670129-1", GUID + "-99999999999"})
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> GuidAge.parse(text))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("is not a PDB GUID and age");
    }

    @Test
    void validatesTheParts() {
        assertThatThrownBy(() -> new GuidAge("XYZ", 1)).isInstanceOf(ProfileException.class);
        assertThatThrownBy(() -> new GuidAge(GUID, -1)).isInstanceOf(ProfileException.class);
        assertThatThrownBy(() -> new GuidAge(GUID, 1L << 32)).isInstanceOf(ProfileException.class);
        assertThat(new GuidAge(GUID, 0xFFFF_FFFFL)).hasToString(GUID + "FFFFFFFF");
    }
}
