package org.memvfs.win.sample;

import java.util.List;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Threads: an {@code _ETHREAD} object ("Thre" pool block, quota header) per thread, with its
 * {@code _KTHREAD} dispatcher header (type 6, ThreadObject), stacks, TEB, state, priorities and
 * times, linked into both the process's {@code _EPROCESS.ThreadListHead} (by
 * {@code _ETHREAD.ThreadListEntry}) and {@code _KPROCESS.ThreadListHead} (by
 * {@code _KTHREAD.ThreadListEntry}).
 */
final class ThreadWriter {
    static final int THREAD_OBJECT = 6;
    /** KTHREAD_STATE values. */
    static final int RUNNING = 2;
    static final int TERMINATED = 4;
    static final int WAITING = 5;
    /** KWAIT_REASON values: Executive, UserRequest, WrQueue, WrUserRequest. */
    static final int EXECUTIVE = 0;
    static final int USER_REQUEST = 6;
    static final int WR_QUEUE = 15;
    static final int WR_USER_REQUEST = 13;
    /** PS_CROSS_THREAD_FLAGS: Terminated (bit 0) and SystemThread (bit 4), from the ntos headers. */
    private static final int CROSS_THREAD_TERMINATED = 0x1;
    private static final int CROSS_THREAD_SYSTEM = 0x10;
    private static final int KERNEL_STACK_SIZE = 0x6000;
    private static final int USER_MODE = 1;
    private static final int STATUS_PENDING = 0x103;

    private ThreadWriter() {
    }

    /** What one thread is. */
    record Values(int tid, long startAddress, long win32StartAddress, long teb, int state, int waitReason, int priority,
            int basePriority, long createTime, long exitTime, long kernelTime, long userTime, boolean system) {
    }

    /** Writes the thread of {@code eprocess}; returns its record. */
    static SampleThread write(BuildContext ctx, long eprocess, int pid, Values v) {
        WindowsProfile p = ctx.profile;
        long ethread = ctx.objects.create(ObjectManager.Type.THREAD, "Thre", p.structSize("_ETHREAD"),
                KernelPool.Kind.NON_PAGED, ObjectManager.QUOTA_INFO, null);
        boolean terminated = v.state() == TERMINATED;
        DocumentedLayouts.dispatcherHeader(p, ctx.kernel, ethread + p.offset("_ETHREAD", "Tcb"), THREAD_OBJECT,
                p.structSize("_KTHREAD") / 4, terminated ? 1 : 0);
        long stack = ctx.layout.kernelStacks() + (long) v.tid() / 4 * KERNEL_STACK_SIZE * 2;
        StructWriter t = new StructWriter(p, ctx.kernel, "_KTHREAD", ethread + p.offset("_ETHREAD", "Tcb"));
        t.ptr("InitialStack", stack + KERNEL_STACK_SIZE - 0x1D0).ptr("StackLimit", stack)
                .ptr("StackBase", stack + KERNEL_STACK_SIZE).ptr("KernelStack", stack + KERNEL_STACK_SIZE - 0x400)
                .ptr("Teb", v.teb())
                .u8("State", v.state()).u8("WaitReason", v.waitReason())
                .u8("Priority", v.priority()).u8("BasePriority", v.basePriority())
                .u8("WaitMode", v.system() ? 0 : USER_MODE).u8("PreviousMode", v.system() ? 0 : USER_MODE)
                .ptr("Process", eprocess)
                .u32("KernelTime", v.kernelTime()).u32("UserTime", v.userTime());
        t.at("ApcState", "_KAPC_STATE").ptr("Process", eprocess);
        StructWriter e = new StructWriter(p, ctx.kernel, "_ETHREAD", ethread);
        e.u64("CreateTime", v.createTime()).u64("ExitTime", v.exitTime())
                .ptr("StartAddress", v.startAddress()).ptr("Win32StartAddress", v.win32StartAddress())
                .u32("ExitStatus", terminated ? 0 : STATUS_PENDING)
                .u32("CrossThreadFlags", (v.system() ? CROSS_THREAD_SYSTEM : 0) | (terminated ? CROSS_THREAD_TERMINATED : 0));
        e.at("Cid", "_CLIENT_ID").ptr("UniqueProcess", pid).ptr("UniqueThread", v.tid());
        return new SampleThread(Va.of(ethread), v.tid(), Va.of(v.startAddress()), Va.of(v.win32StartAddress()),
                v.teb() == 0 ? null : Va.of(v.teb()), v.state(), v.waitReason(), v.priority(), v.createTime(), v.exitTime(),
                v.kernelTime(), v.userTime());
    }

    /** Links {@code threads} into the process's two thread lists, in order. */
    static void link(BuildContext ctx, long eprocess, List<SampleThread> threads) {
        WindowsProfile p = ctx.profile;
        long executiveHead = eprocess + p.offset("_EPROCESS", "ThreadListHead");
        long kernelHead = eprocess + p.offset("_EPROCESS", "Pcb") + p.offset("_KPROCESS", "ThreadListHead");
        int executiveLink = p.offset("_ETHREAD", "ThreadListEntry");
        int kernelLink = p.offset("_ETHREAD", "Tcb") + p.offset("_KTHREAD", "ThreadListEntry");
        linkList(ctx, executiveHead, threads, executiveLink);
        linkList(ctx, kernelHead, threads, kernelLink);
    }

    private static void linkList(BuildContext ctx, long head, List<SampleThread> threads, int linkOffset) {
        int flink = ctx.profile.offset("_LIST_ENTRY", "Flink");
        int blink = ctx.profile.offset("_LIST_ENTRY", "Blink");
        int n = threads.size();
        for (int i = 0; i < n; i++) {
            long self = threads.get(i).ethread().value() + linkOffset;
            ctx.kernel.putPointer(self + flink, i + 1 < n ? threads.get(i + 1).ethread().value() + linkOffset : head);
            ctx.kernel.putPointer(self + blink, i > 0 ? threads.get(i - 1).ethread().value() + linkOffset : head);
        }
        ctx.kernel.putPointer(head + flink, n == 0 ? head : threads.get(0).ethread().value() + linkOffset);
        ctx.kernel.putPointer(head + blink, n == 0 ? head : threads.get(n - 1).ethread().value() + linkOffset);
    }
}
