package org.memvfs.linux.object;

/**
 * A task's scheduler state as {@code /proc/PID/status} and {@code ps} print it, computed as the
 * kernel's {@code __task_state_index()} does from {@code __state} and {@code exit_state}. The bit
 * values are the kernel's {@code TASK_*} constants (include/linux/sched.h), which BTF does not carry.
 *
 * @param state     the raw {@code task_struct.__state} (or {@code state})
 * @param exitState the raw {@code task_struct.exit_state}
 */
public record TaskState(long state, int exitState) {
    static final int TASK_UNINTERRUPTIBLE = 0x0002;
    /** {@code TASK_REPORT}: the bits from TASK_INTERRUPTIBLE up to TASK_PARKED that {@code ps} reports. */
    static final int TASK_REPORT = 0x007f;
    /** {@code TASK_NOLOAD}: with TASK_UNINTERRUPTIBLE it makes TASK_IDLE. */
    static final int TASK_NOLOAD = 0x0400;
    static final int TASK_IDLE = TASK_UNINTERRUPTIBLE | TASK_NOLOAD;
    /** {@code TASK_REPORT_IDLE}: the index one past TASK_PARKED's. */
    static final int TASK_REPORT_IDLE = TASK_REPORT + 1;
    static final int TASK_RTLOCK_WAIT = 0x1000;
    /** {@code task_state_array} of fs/proc/array.c, by index. */
    private static final String[] NAMES = {"R (running)", "S (sleeping)", "D (disk sleep)", "T (stopped)", "t (tracing stop)",
            "X (dead)", "Z (zombie)", "P (parked)", "I (idle)"};
    /** {@code EXIT_ZOMBIE} and {@code EXIT_DEAD}: what {@code exit_state} holds once a task has exited. */
    static final int EXIT_DEAD = 0x0010;
    static final int EXIT_ZOMBIE = 0x0020;

    /** The index into {@code task_state_array}. */
    int index() {
        int raw = (int) state;
        int reported = (raw | exitState) & TASK_REPORT;
        if ((raw & TASK_IDLE) == TASK_IDLE) {
            reported = TASK_REPORT_IDLE;
        }
        if (raw == TASK_RTLOCK_WAIT) {
            reported = TASK_UNINTERRUPTIBLE;
        }
        return 32 - Integer.numberOfLeadingZeros(reported);
    }

    /** {@code R}, {@code S}, {@code D}, {@code T}, {@code t}, {@code X}, {@code Z}, {@code P} or {@code I}. */
    public char letter() {
        return describe().charAt(0);
    }

    /** As {@code /proc/PID/status} prints it: {@code S (sleeping)}. */
    public String describe() {
        int index = index();
        return index < NAMES.length ? NAMES[index] : "? (state " + Long.toHexString(state) + ")";
    }

    /** Whether the task has exited (a zombie or dead): {@code exit_state} is set. */
    public boolean hasExited() {
        return (exitState & (EXIT_ZOMBIE | EXIT_DEAD)) != 0;
    }

    @Override
    public String toString() {
        return describe();
    }
}
