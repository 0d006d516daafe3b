package org.memvfs.vfs.win;

import java.time.Instant;

/**
 * How Windows names what its kernel stores as numbers: VAD protections (the MM_ protection index
 * of {@code _MMVAD_FLAGS.Protection}), thread states ({@code KTHREAD_STATE}), wait reasons
 * ({@code KWAIT_REASON}), and FILETIME.
 */
final class WindowsNames {
    /** The low three bits of a VAD protection index, as PAGE_ names and rwx. */
    private static final String[] PROTECTIONS = {"PAGE_NOACCESS", "PAGE_READONLY", "PAGE_EXECUTE", "PAGE_EXECUTE_READ",
        "PAGE_READWRITE", "PAGE_WRITECOPY", "PAGE_EXECUTE_READWRITE", "PAGE_EXECUTE_WRITECOPY"};
    private static final String[] PERMISSIONS = {"---", "r--", "--x", "r-x", "rw-", "rw-", "rwx", "rwx"};
    /** Bits 3 and 4 of the index modify the base protection. */
    private static final String[] MODIFIERS = {"", "|PAGE_NOCACHE", "|PAGE_GUARD", "|PAGE_WRITECOMBINE"};
    private static final String[] THREAD_STATES = {"initialized", "ready", "running", "standby", "terminated", "waiting",
        "transition", "deferred-ready", "gate-wait", "waiting-swap"};
    private static final String[] WAIT_REASONS = {"Executive", "FreePage", "PageIn", "PoolAllocation", "DelayExecution",
        "Suspended", "UserRequest", "WrExecutive", "WrFreePage", "WrPageIn", "WrPoolAllocation", "WrDelayExecution",
        "WrSuspended", "WrUserRequest", "WrSpare0", "WrQueue", "WrLpcReceive", "WrLpcReply", "WrVirtualMemory",
        "WrPageOut", "WrRendezvous", "WrKeyedEvent", "WrTerminated", "WrProcessInSwap", "WrCpuRateControl",
        "WrCalloutStack", "WrKernel", "WrResource", "WrPushLock", "WrMutex", "WrQuantumEnd", "WrDispatchInt",
        "WrPreempted", "WrYieldExecution", "WrFastMutex", "WrGuardedMutex", "WrRundown", "WrAlertByThreadId",
        "WrDeferredPreempt", "WrPhysicalFault", "WrIoRing", "WrMdlCache"};
    /** 100-ns intervals from 1601-01-01 to 1970-01-01. */
    private static final long FILETIME_UNIX_EPOCH = 116_444_736_000_000_000L;

    private WindowsNames() {
    }

    static String protection(int index) {
        return PROTECTIONS[index & 7] + MODIFIERS[(index >>> 3) & 3];
    }

    static String permissions(int index) {
        return PERMISSIONS[index & 7];
    }

    static String threadState(int state) {
        return state >= 0 && state < THREAD_STATES.length ? THREAD_STATES[state] : "state-" + state;
    }

    static String waitReason(int reason) {
        return reason >= 0 && reason < WAIT_REASONS.length ? WAIT_REASONS[reason] : "reason-" + reason;
    }

    /** A FILETIME as an instant, or null for 0 (not set). */
    static Instant time(long filetime) {
        if (filetime <= 0) {
            return null;
        }
        long sinceEpoch = filetime - FILETIME_UNIX_EPOCH;
        return Instant.ofEpochSecond(Math.floorDiv(sinceEpoch, 10_000_000L), Math.floorMod(sinceEpoch, 10_000_000L) * 100);
    }
}
