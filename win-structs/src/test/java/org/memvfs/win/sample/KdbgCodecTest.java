package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KdbgCodecTest {
    private final KdbgCodec codec = new KdbgCodec(0x5E1A_2B3C_4D6F_7081L, 0x9C2D_43F1_0A6B_E257L, 0xFFFF_F805_4F25_0D00L);

    @Test
    void decodingUndoesEncodingForAnyWord() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long word = random.nextLong();
            assertThat(codec.decode(codec.encode(word))).isEqualTo(word);
        }
    }

    @Test
    void decodingFollowsTheFormulaStepByStep() {
        long q = 0x0123_4567_89AB_CDEFL;
        long v = q ^ codec.kiWaitNever();
        v = Long.rotateLeft(v, (int) (codec.kiWaitNever() & 0xFF));
        v ^= codec.kdpDataBlockEncodedVa();
        v = Long.reverseBytes(v);
        v ^= codec.kiWaitAlways();
        assertThat(codec.decode(q)).isEqualTo(v);
    }

    @Test
    void encodingChangesTheOwnerTag() {
        byte[] block = new byte[0x40];
        LittleEndian.putInt(block, 0x10, DebuggerDataBlock.OWNER_TAG);
        byte[] encoded = codec.encode(block);
        assertThat(LittleEndian.getInt(encoded, 0x10)).isNotEqualTo(DebuggerDataBlock.OWNER_TAG);
        assertThat(codec.decode(encoded)).isEqualTo(block);
    }
}
