package org.memvfs.mmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HexTest {
    @Test
    void addressesPrintAsSixteenUnsignedDigits() {
        assertThat(Hex.u64(0x1234)).isEqualTo("0000000000001234");
        assertThat(Hex.u64(-1)).isEqualTo("ffffffffffffffff");
        assertThat(new Va(0xffff_f800_0000_0000L).toString()).isEqualTo("fffff80000000000");
    }

    @Test
    void parsingAcceptsThePrefixEitherCaseAndSurroundingSpace() {
        assertThat(Hex.parseUnsigned("0x7ff6c0001234")).isEqualTo(0x7ff6c0001234L);
        assertThat(Hex.parseUnsigned("7FF6C0001234\n")).isEqualTo(0x7ff6c0001234L);
        assertThat(Hex.parseUnsigned("0XFFFFFFFFFFFFFFFF")).isEqualTo(-1L);
        assertThat(Va.parse(" fffff80000001000 ")).isEqualTo(new Va(0xfffff80000001000L));
    }

    @Test
    void parsingRefusesEverythingElseNamingTheText() {
        for (String bad : new String[] {"", "0x", "nonsense", "12 34", "0x1g", "1ffffffffffffffff", "-1"}) {
            assertThatThrownBy(() -> Hex.parseUnsigned(bad)).as(bad).isInstanceOf(InvalidAddressException.class)
                    .hasMessageContaining("not an address");
        }
    }

    @Test
    void addressesCompareUnsigned() {
        assertThat(new Va(-1)).isGreaterThan(new Va(1));
        assertThat(new Pa(0x8000_0000_0000_0000L)).isGreaterThan(new Pa(0x7fff_ffff_ffff_ffffL));
    }
}
