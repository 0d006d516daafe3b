package org.memvfs.linux.object;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Va;

/**
 * A thin view of a {@code task_struct}: its address and the context to read it. Every getter reads
 * the image when called. A thread-group leader is what user space calls a process; its threads
 * are tasks too.
 */
public final class Task {
    /** {@code PF_KTHREAD} (include/linux/sched.h): the task is a kernel thread. */
    static final long PF_KTHREAD = 0x0020_0000;

    private final KernelObjects objects;
    private final TaskLayout layout;
    private final Va address;

    Task(KernelObjects objects, Va address) {
        this.objects = objects;
        this.layout = objects.taskLayout();
        this.address = address;
    }

    /** Where the {@code task_struct} is. */
    public Va address() {
        return address;
    }

    private Va at(long offset) {
        return address.plus(offset);
    }

    /** Corresponds to {@code task_struct.pid}: the thread id, global pid namespace. */
    public int pid() {
        return objects.memory().u32(at(layout.pid), "task_struct.pid of " + address);
    }

    /** Corresponds to {@code task_struct.tgid}: the pid of the thread group (the process). */
    public int tgid() {
        return objects.memory().u32(at(layout.tgid), "task_struct.tgid of " + address);
    }

    /** Corresponds to {@code task_struct.comm}: the executable's name, at most 15 bytes. */
    public String comm() {
        return objects.memory().cString(at(layout.comm), layout.commLength, "task_struct.comm of " + address);
    }

    /** Corresponds to {@code task_struct.real_parent}: the task that created this one (init_task for pids 1 and 2). */
    public Task realParent() {
        return new Task(objects, objects.memory().pointer(at(layout.realParent), "task_struct.real_parent of " + address));
    }

    /** The parent's process id as {@code ps} shows it: {@code task_struct.real_parent->tgid}. */
    public int ppid() {
        return realParent().tgid();
    }

    /** Corresponds to {@code task_struct.__state} ({@code state} before 5.14) and {@code task_struct.exit_state}. */
    public TaskState state() {
        long raw = objects.memory().unsigned(at(layout.state), layout.stateSize, "task_struct." + layout.stateMember + " of " + address);
        int exit = objects.memory().u32(at(layout.exitState), "task_struct.exit_state of " + address);
        return new TaskState(raw, exit);
    }

    /** Corresponds to {@code task_struct.flags} ({@code PF_*}). */
    public long flags() {
        return Integer.toUnsignedLong(objects.memory().u32(at(layout.flags), "task_struct.flags of " + address));
    }

    /** Whether {@code task_struct.flags} has {@code PF_KTHREAD}. */
    public boolean isKernelThread() {
        return (flags() & PF_KTHREAD) != 0;
    }

    /** Corresponds to {@code task_struct.prio}: the effective priority (0–99 real time, 100–139 normal). */
    public int prio() {
        return objects.memory().u32(at(layout.prio), "task_struct.prio of " + address);
    }

    /** Corresponds to {@code task_struct.start_time}: when the task started, on the monotonic clock (since boot, suspend excluded). */
    public Duration startTime() {
        return Duration.ofNanos(objects.memory().u64(at(layout.startTime), "task_struct.start_time of " + address));
    }

    /** Corresponds to {@code task_struct.thread_info.cpu} (or {@code task_struct.cpu}): the CPU it last ran on. */
    public OptionalInt cpu() {
        return layout.cpu < 0 ? OptionalInt.empty()
                : OptionalInt.of(objects.memory().u32(at(layout.cpu), "the cpu of task " + address));
    }

    /** The address in {@code task_struct.mm}: 0 for kernel threads. */
    public Va mmAddress() {
        return objects.memory().pointer(at(layout.mm), "task_struct.mm of " + address);
    }

    /** Corresponds to {@code task_struct.mm}: the user address space, empty for kernel threads. */
    public Optional<MmStruct> mm() {
        Va mm = mmAddress();
        return mm.value() == 0 ? Optional.empty() : Optional.of(new MmStruct(objects, mm));
    }

    /** The address in {@code task_struct.active_mm}: the address space it runs on, borrowed by kernel threads. */
    public Va activeMmAddress() {
        return objects.memory().pointer(at(layout.activeMm), "task_struct.active_mm of " + address);
    }

    /**
     * The tasks of this task's thread group, the leader first: the list at
     * {@code signal->thread_head} linked through {@code task_struct.thread_node} (since 6.0), or the
     * ring through {@code task_struct.thread_group} before. Bounded; a broken link ends the walk
     * with a problem line.
     */
    public WalkResult<Task> threads() {
        return layout.linksThreadsThroughThreadHead() ? threadsFromThreadHead() : threadsFromThreadGroup();
    }

    /** Threads on {@code signal_struct.thread_head}, through {@code task_struct.thread_node}. */
    private WalkResult<Task> threadsFromThreadHead() {
        Va head;
        try {
            Va signal = objects.memory().pointer(at(layout.signal), "task_struct.signal of " + address);
            head = signal.plus(layout.threadHead);
        } catch (MemoryException e) {
            return WalkResult.failed(e.getMessage());
        }
        return objects.listOfTasks(head, layout.threadNode, objects.limits().maxThreads(), "threads of " + address);
    }

    /** Threads on the ring through {@code task_struct.thread_group}, starting from this task. */
    private WalkResult<Task> threadsFromThreadGroup() {
        List<Task> threads = new ArrayList<>();
        threads.add(this);
        WalkResult<Task> others = objects.listOfTasks(at(layout.threadGroup), layout.threadGroup,
                objects.limits().maxThreads(), "thread_group of " + address);
        threads.addAll(others.items());
        return new WalkResult<>(threads, others.problems());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Task other && other.address.equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return "task_struct " + address;
    }
}
