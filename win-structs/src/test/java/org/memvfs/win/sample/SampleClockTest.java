package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SampleClockTest {
    /** 100 ns ticks between 1601-01-01 and 1970-01-01. */
    private static final long EPOCH_DIFFERENCE = 116_444_736_000_000_000L;

    @Test
    void bootIsTheDocumentedInstant() {
        long ticks = SampleClock.BOOT - EPOCH_DIFFERENCE;
        Instant boot = Instant.ofEpochSecond(ticks / 10_000_000, (ticks % 10_000_000) * 100);
        assertThat(boot).isEqualTo(Instant.parse("2024-03-14T08:12:05.1234567Z"));
        assertThat(SampleClock.CAPTURE - SampleClock.BOOT).isEqualTo(SampleClock.UPTIME_SECONDS * 10_000_000L);
    }

    @Test
    void timesStayWithinTheUptime() {
        assertThat(SampleClock.afterBoot(1.5)).isEqualTo(SampleClock.BOOT + 15_000_000);
        assertThatThrownBy(() -> SampleClock.afterBoot(SampleClock.UPTIME_SECONDS + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
