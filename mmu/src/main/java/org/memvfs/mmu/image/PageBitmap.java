package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ImageFormatException;

/**
 * One bit per page, as Windows bitmap dumps and makedumpfile store them: bit {@code n} is bit
 * {@code n % 8} of byte {@code n / 8}. Pages whose bit is set are stored one after another in
 * bit order, so a page's place among the stored ones is its rank — the count of set bits below
 * it — which a table of counts per 4096 bits finds without scanning the whole map.
 */
final class PageBitmap {
    private static final int WORDS_PER_BLOCK = 64;
    private static final int READ_CHUNK = 1 << 20;
    /** Java arrays hold fewer than 2^31 longs; 2^37 bits is 512 TiB of 4 KiB pages. */
    static final long MAX_BITS = (long) (Integer.MAX_VALUE - 64) * Long.SIZE;

    private final long[] words;
    private final long bits;
    private final long[] rankBefore;
    private final long count;

    private PageBitmap(long[] words, long bits) {
        this.words = words;
        this.bits = bits;
        this.rankBefore = new long[(words.length + WORDS_PER_BLOCK - 1) / WORDS_PER_BLOCK + 1];
        long total = 0;
        for (int i = 0; i < words.length; i++) {
            if (i % WORDS_PER_BLOCK == 0) {
                rankBefore[i / WORDS_PER_BLOCK] = total;
            }
            total += Long.bitCount(words[i]);
        }
        rankBefore[rankBefore.length - 1] = total;
        this.count = total;
    }

    /**
     * Reads {@code bits} bits from {@code offset}; bits past {@code bits} in the last byte are ignored.
     *
     * @param what names the bitmap and the header field that sized it, for errors
     * @throws ImageFormatException when the bitmap runs past the end of the file
     */
    static PageBitmap read(FileBytes file, long offset, long bits, String what) {
        if (bits < 0 || bits > MAX_BITS) {
            throw new ImageFormatException(what + ": " + bits + " bits is more than memvfs can index (" + MAX_BITS + ")",
                    file.path(), offset);
        }
        long bytes = (bits + 7) / 8;
        if (offset < 0 || offset > file.size() - bytes) {
            throw new ImageFormatException(what + ": " + Hex.of(bytes) + " bytes at " + Hex.of(offset)
                    + " run past the end of the file (" + Hex.of(file.size()) + " bytes): the file is truncated",
                    file.path(), offset);
        }
        long[] words = new long[(int) ((bits + 63) / 64)];
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(READ_CHUNK, Math.max(8, (bytes + 7) & ~7L)))
                .order(ByteOrder.LITTLE_ENDIAN);
        long done = 0;
        while (done < bytes) {
            int n = (int) Math.min(chunk.capacity(), bytes - done);
            chunk.clear().limit(n);
            file.read(offset + done, chunk);
            // pad the chunk to whole words with zeros
            int padded = (n + 7) & ~7;
            chunk.limit(padded);
            for (int i = n; i < padded; i++) {
                chunk.put(i, (byte) 0);
            }
            int firstWord = (int) (done / 8);
            for (int i = 0; i < padded / 8; i++) {
                words[firstWord + i] = chunk.getLong(i * 8);
            }
            done += n;
        }
        int tail = (int) (bits % 64);
        if (tail != 0) {
            words[words.length - 1] &= (1L << tail) - 1;
        }
        return new PageBitmap(words, bits);
    }

    /** A bitmap of the given words, for tests and writers. */
    static PageBitmap of(long[] words, long bits) {
        return new PageBitmap(words.clone(), bits);
    }

    long bits() {
        return bits;
    }

    /** How many bits are set. */
    long count() {
        return count;
    }

    boolean isSet(long bit) {
        if (bit < 0 || bit >= bits) {
            return false;
        }
        return (words[(int) (bit >>> 6)] & (1L << (bit & 63))) != 0;
    }

    /** How many bits below {@code bit} are set: the place of page {@code bit} among the stored pages. */
    long rank(long bit) {
        if (bit <= 0) {
            return 0;
        }
        if (bit >= bits) {
            return count;
        }
        int word = (int) (bit >>> 6);
        int block = word / WORDS_PER_BLOCK;
        long rank = rankBefore[block];
        for (int i = block * WORDS_PER_BLOCK; i < word; i++) {
            rank += Long.bitCount(words[i]);
        }
        int within = (int) (bit & 63);
        if (within != 0) {
            rank += Long.bitCount(words[word] & ((1L << within) - 1));
        }
        return rank;
    }

    /** The first set bit at or above {@code from}, or {@link #bits()} when there is none. */
    long nextSet(long from) {
        return next(from, false);
    }

    /** The first clear bit at or above {@code from}, or {@link #bits()} when there is none. */
    long nextClear(long from) {
        return next(from, true);
    }

    private long next(long from, boolean clear) {
        if (from >= bits) {
            return bits;
        }
        int word = (int) (from >>> 6);
        long w = (clear ? ~words[word] : words[word]) & (-1L << (from & 63));
        while (w == 0) {
            word++;
            if (word >= words.length) {
                return bits;
            }
            w = clear ? ~words[word] : words[word];
        }
        return Math.min(bits, ((long) word << 6) + Long.numberOfTrailingZeros(w));
    }

    /** Receives runs of set bits. */
    interface RunConsumer {
        void run(long first, long end);
    }

    /** Calls {@code consumer} with each run of set bits {@code [first, end)}, ascending. */
    void forEachRun(RunConsumer consumer) {
        long at = nextSet(0);
        while (at < bits) {
            long end = nextClear(at);
            consumer.run(at, end);
            at = nextSet(end);
        }
    }
}
