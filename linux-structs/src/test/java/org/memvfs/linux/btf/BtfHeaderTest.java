package org.memvfs.linux.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class BtfHeaderTest {

    private static ByteBuffer header(int magic, int version, int flags, int length, int typeOff, int typeLen, int strOff, int strLen) {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) magic).put((byte) version).put((byte) flags).putInt(length).putInt(typeOff).putInt(typeLen)
                .putInt(strOff).putInt(strLen);
        return b.flip();
    }

    @Test
    void aKernelLikeHeaderGivesItsSectionsAndBlobLength() {
        BtfHeader h = BtfHeader.parse(header(0xeb9f, 1, 0, 24, 0, 0x272550, 0x272550, 0x1b6105));
        assertThat(h.typeLength()).isEqualTo(0x272550);
        assertThat(h.blobLength()).isEqualTo(24 + 0x272550 + 0x1b6105);
    }

    @Test
    void wrongMagicVersionFlagsOrLengthAreRefused() {
        assertThatThrownBy(() -> BtfHeader.parse(header(0x9feb, 1, 0, 24, 0, 12, 12, 1))).hasMessageContaining("magic");
        assertThatThrownBy(() -> BtfHeader.parse(header(0xeb9f, 2, 0, 24, 0, 12, 12, 1))).hasMessageContaining("version 2");
        assertThatThrownBy(() -> BtfHeader.parse(header(0xeb9f, 1, 1, 24, 0, 12, 12, 1))).hasMessageContaining("flags");
        assertThatThrownBy(() -> BtfHeader.parse(header(0xeb9f, 1, 0, 8, 0, 12, 12, 1))).hasMessageContaining("header length");
        assertThatThrownBy(() -> BtfHeader.parse(ByteBuffer.allocate(10))).hasMessageContaining("24 bytes");
    }

    @Test
    void sectionsThatOverlapAreUnalignedEmptyOrTooLargeAreRefused() {
        assertThatThrownBy(() -> BtfHeader.parse(header(0xeb9f, 1, 0, 24, 0, 100, 50, 10))).isInstanceOf(BtfFormatException.class)
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> BtfHeader.parse(header(0xeb9f, 1, 0, 24, 2, 100, 200, 10))).hasMessageContaining("aligned");
        assertThatThrownBy(() -> BtfHeader.parse(header(0xeb9f, 1, 0, 24, 0, 100, 100, 0))).hasMessageContaining("without a string");
        assertThatThrownBy(() -> BtfHeader.parse(header(0xeb9f, 1, 0, 24, 0, 20 << 20, 20 << 20, 10)))
                .hasMessageContaining("limit");
    }

    @Test
    void stringsMayComeBeforeTypes() {
        BtfHeader h = BtfHeader.parse(header(0xeb9f, 1, 0, 24, 16, 12, 0, 16));
        assertThat(h.blobLength()).isEqualTo(24 + 28);
    }
}
