package org.memvfs.win.locate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The KDBG decoding of x64 Windows 8 and later, checked against its inverse written here. */
class KdbgTest {
    /** What the kernel does to each qword, undone step by step by {@link Kdbg#decode}. */
    private static long encode(long plain, long waitNever, long waitAlways, long flagAddress) {
        long v = plain ^ waitAlways;
        v = Long.reverseBytes(v);
        v ^= flagAddress;
        v = Long.rotateRight(v, (int) (waitNever & 0xff));
        return v ^ waitNever;
    }

    @Test
    void decodingUndoesTheKernelsEncodingQwordByQword() {
        long never = 0x9a3f_17c2_55e0_0b41L;
        long always = 0x1234_5678_9abc_def0L;
        long flag = 0xfffff803_1a2c_4b10L;
        long[] plain = {0, 0xfffff803_1a40_0000L, 0x0000_0340_4742_444bL, -1L, 42};
        ByteBuffer encoded = ByteBuffer.allocate(plain.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < plain.length; i++) {
            encoded.putLong(i * 8, encode(plain[i], never, always, flag));
        }
        ByteBuffer decoded = Kdbg.decode(encoded, never, always, flag);
        for (int i = 0; i < plain.length; i++) {
            assertThat(decoded.getLong(i * 8)).isEqualTo(plain[i]);
        }
    }
}
