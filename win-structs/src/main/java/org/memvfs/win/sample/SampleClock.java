package org.memvfs.win.sample;

/**
 * The sample's fixed timeline, as FILETIMEs (100 ns units since 1601-01-01 UTC): the machine booted
 * at {@link #BOOT} and was imaged {@link #UPTIME_SECONDS} later, at {@link #CAPTURE}. Every time the
 * sample writes is one of these plus an offset, so that images are identical from run to run.
 */
final class SampleClock {
    /** 2024-03-14 08:12:05.1234567 UTC. */
    static final long BOOT = 133_548_775_251_234_567L;
    static final long TICKS_PER_SECOND = 10_000_000L;
    static final long UPTIME_SECONDS = 5 * 3600 + 17 * 60 + 42;
    static final long CAPTURE = BOOT + UPTIME_SECONDS * TICKS_PER_SECOND;

    private SampleClock() {
    }

    /** The FILETIME {@code seconds} after boot (fractions allowed). */
    static long afterBoot(double seconds) {
        if (seconds < 0 || seconds > UPTIME_SECONDS) {
            throw new IllegalArgumentException(seconds + " s after boot lies outside the sample's uptime");
        }
        return BOOT + Math.round(seconds * TICKS_PER_SECOND);
    }
}
