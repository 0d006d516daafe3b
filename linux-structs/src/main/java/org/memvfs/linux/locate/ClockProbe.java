package org.memvfs.linux.locate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import org.memvfs.linux.btf.Btf;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MappedRun;
import org.memvfs.mmu.Va;

/**
 * Finds the kernel's {@code struct timekeeper} ({@code tk_core.timekeeper}, a static of the kernel
 * image) without its symbol, by what its members must say of each other: {@code xtime_sec} is a
 * plausible date, {@code ktime_sec} a plausible uptime, {@code wall_to_monotonic} is the difference
 * of the two, {@code offs_real} is exactly its negation in nanoseconds, and {@code tkr_mono.clock}
 * points into the kernel image. Of the copies that fit ({@code shadow_timekeeper} is one), the most
 * recent wins. Only the writable part of the kernel image is searched, so the search is bounded by
 * the size of its data.
 */
final class ClockProbe {
    /** 2000-01-01 and 2100-01-01: a wall clock outside these is not one to trust. */
    static final long EARLIEST = 946_684_800L;
    static final long LATEST = 4_102_444_800L;
    /** Uptimes beyond 20 years are not uptimes. */
    static final long MAX_UPTIME_SECONDS = 20L * 365 * 24 * 3600;
    private static final long NANOS = 1_000_000_000L;
    private static final int CHUNK = 2 << 20;

    private final long xtimeSec;
    private final long ktimeSec;
    private final long wallToMonotonicSec;
    private final long wallToMonotonicNsec;
    private final long offsReal;
    private final long clock;
    private final long xtimeNsec;
    private final long shift;
    private final int size;

    ClockProbe(Btf btf) {
        xtimeSec = btf.requireField("timekeeper", "xtime_sec").offset();
        ktimeSec = btf.requireField("timekeeper", "ktime_sec").offset();
        wallToMonotonicSec = btf.requireField("timekeeper", "wall_to_monotonic.tv_sec").offset();
        wallToMonotonicNsec = btf.requireField("timekeeper", "wall_to_monotonic.tv_nsec").offset();
        offsReal = btf.requireField("timekeeper", "offs_real").offset();
        clock = btf.requireField("timekeeper", "tkr_mono.clock").offset();
        xtimeNsec = btf.requireField("timekeeper", "tkr_mono.xtime_nsec").offset();
        shift = btf.requireField("timekeeper", "tkr_mono.shift").offset();
        size = (int) btf.sizeOf("timekeeper");
    }

    /** The most recent timekeeper in the kernel image that {@code space} maps, or null. */
    KernelClock find(AddressSpace space) {
        Va first = new Va(KernelAddresses.KERNEL_IMAGE_BASE);
        List<MappedRun> runs = space.mappings(first, first.plus(TopTableProbe.KERNEL_IMAGE_SPAN - 1)).toList();
        KernelClock best = null;
        for (MappedRun run : runs) {
            if (!run.flags().writable()) {
                continue; // the timekeeper is written on every tick: text and read-only data cannot hold it
            }
            for (long done = 0; done < run.length(); done += CHUNK) {
                int length = (int) Math.min(CHUNK + size, run.length() - done);
                ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
                space.read(run.start().plus(done), bytes);
                for (int at = 0; at + size <= length && at < CHUNK; at += Long.BYTES) {
                    KernelClock found = check(bytes, at, run.start().plus(done + at));
                    if (found != null && (best == null || found.lastTick().isAfter(best.lastTick()))) {
                        best = found;
                    }
                }
            }
        }
        return best;
    }

    private KernelClock check(ByteBuffer b, int at, Va where) {
        long seconds = b.getLong(at + (int) xtimeSec);
        if (seconds < EARLIEST || seconds > LATEST) {
            return null;
        }
        long uptime = b.getLong(at + (int) ktimeSec);
        long toMonotonic = b.getLong(at + (int) wallToMonotonicSec);
        long toMonotonicNanos = b.getLong(at + (int) wallToMonotonicNsec);
        if (uptime < 0 || uptime > MAX_UPTIME_SECONDS || toMonotonicNanos < 0 || toMonotonicNanos >= NANOS
                || Math.abs(toMonotonic + seconds - uptime) > 1) {
            return null;
        }
        long real = b.getLong(at + (int) offsReal);
        if (real != -(toMonotonic * NANOS + toMonotonicNanos) || !KernelAddresses.isKernelImage(b.getLong(at + (int) clock))) {
            return null;
        }
        int bits = b.getInt(at + (int) shift);
        long nanos = bits >= 0 && bits < 64 ? b.getLong(at + (int) xtimeNsec) >>> bits : 0;
        return new KernelClock(where, Instant.ofEpochSecond(seconds, Math.min(nanos, NANOS - 1)), Instant.ofEpochSecond(0, real));
    }
}
