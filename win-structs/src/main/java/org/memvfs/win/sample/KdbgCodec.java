package org.memvfs.win.sample;

/**
 * The obfuscation x64 Windows 8 and later apply to the kernel debugger data block when no debugger
 * is attached (KdCopyDataBlock undoes it). Per 64-bit word {@code q}, decoding is
 * <pre>
 *   v = q ^ KiWaitNever;  v = rotl64(v, KiWaitNever &amp; 0xFF);  v ^= address of KdpDataBlockEncoded;
 *   v = bswap64(v);       v ^= KiWaitAlways
 * </pre>
 * (the formula in the win-offsets README, from MemProcFS). {@link #encode} runs those steps
 * backwards, so that {@code decode(encode(p)) == p} for every word.
 */
record KdbgCodec(long kiWaitNever, long kiWaitAlways, long kdpDataBlockEncodedVa) {

    long decode(long word) {
        long v = word ^ kiWaitNever;
        v = Long.rotateLeft(v, (int) (kiWaitNever & 0xFF));
        v ^= kdpDataBlockEncodedVa;
        v = Long.reverseBytes(v);
        return v ^ kiWaitAlways;
    }

    long encode(long plain) {
        long v = plain ^ kiWaitAlways;
        v = Long.reverseBytes(v);
        v ^= kdpDataBlockEncodedVa;
        v = Long.rotateRight(v, (int) (kiWaitNever & 0xFF));
        return v ^ kiWaitNever;
    }

    /** Encodes {@code block} in place, word by word; its length is a multiple of 8. */
    byte[] encode(byte[] block) {
        byte[] out = block.clone();
        for (int i = 0; i + Long.BYTES <= out.length; i += Long.BYTES) {
            LittleEndian.putLong(out, i, encode(LittleEndian.getLong(out, i)));
        }
        return out;
    }

    byte[] decode(byte[] block) {
        byte[] out = block.clone();
        for (int i = 0; i + Long.BYTES <= out.length; i += Long.BYTES) {
            LittleEndian.putLong(out, i, decode(LittleEndian.getLong(out, i)));
        }
        return out;
    }
}
