package org.memvfs.linux.btf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BtfKindTest {

    @Test
    void kindsAreNumberedAsInTheUapiHeader() {
        assertThat(BtfKind.INT.number()).isEqualTo(1);
        assertThat(BtfKind.DATASEC.number()).isEqualTo(15);
        assertThat(BtfKind.ENUM64.number()).isEqualTo(19);
        assertThat(BtfKind.maxNumber()).isEqualTo(19);
        for (BtfKind kind : BtfKind.values()) {
            if (kind != BtfKind.UNKNOWN) {
                assertThat(BtfKind.ofNumber(kind.number())).isEqualTo(kind);
            }
        }
        assertThat(BtfKind.ofNumber(0)).isNull();
        assertThat(BtfKind.ofNumber(20)).isNull();
    }

    @Test
    void trailersHaveTheSizesOfTheirStructs() {
        assertThat(BtfKind.INT.trailerBytes(0)).isEqualTo(4);
        assertThat(BtfKind.ARRAY.trailerBytes(0)).isEqualTo(12);
        assertThat(BtfKind.STRUCT.trailerBytes(3)).isEqualTo(36);
        assertThat(BtfKind.ENUM.trailerBytes(3)).isEqualTo(24);
        assertThat(BtfKind.ENUM64.trailerBytes(3)).isEqualTo(36);
        assertThat(BtfKind.FUNC_PROTO.trailerBytes(2)).isEqualTo(16);
        assertThat(BtfKind.DATASEC.trailerBytes(2)).isEqualTo(24);
        assertThat(BtfKind.VAR.trailerBytes(0)).isEqualTo(4);
        assertThat(BtfKind.DECL_TAG.trailerBytes(0)).isEqualTo(4);
        assertThat(BtfKind.FUNC.trailerBytes(1)).as("a FUNC's vlen is its linkage, not a count").isZero();
    }
}
