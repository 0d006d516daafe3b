package org.memvfs.linux.locate;

import java.time.Duration;
import java.time.Instant;
import org.memvfs.mmu.Va;

/**
 * The kernel's wall clock as its timekeeper last set it.
 *
 * @param timekeeper where the {@code struct timekeeper} was found (in {@code tk_core})
 * @param lastTick   {@code xtime_sec} and {@code tkr_mono.xtime_nsec}: the wall-clock time of the last
 *                   timekeeping update, within a tick of when the image was taken
 * @param boot       the wall-clock time of monotonic zero: {@code offs_real} after the epoch
 */
public record KernelClock(Va timekeeper, Instant lastTick, Instant boot) {

    /** The wall-clock time of a monotonic-clock reading ({@code task_struct.start_time} is one). */
    public Instant wallTime(Duration sinceBoot) {
        return boot.plus(sinceBoot);
    }
}
