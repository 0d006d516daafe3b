package org.memvfs.linux.object;

import org.memvfs.linux.btf.Btf;
import org.memvfs.linux.btf.BtfField;

/**
 * Where {@code task_struct}'s members are in this kernel, from its BTF, resolved once. The version
 * differences a task has are chosen here by what BTF says: the state member ({@code __state} since
 * 5.14, {@code state} before) and how threads are linked ({@code signal->thread_head} and
 * {@code thread_node} since 6.0, the {@code thread_group} ring before).
 */
final class TaskLayout {
    final long pid;
    final long tgid;
    final long comm;
    final int commLength;
    final long tasks;
    final long realParent;
    final long mm;
    final long activeMm;
    final long signal;
    final long state;
    final int stateSize;
    final String stateMember;
    final long exitState;
    final long flags;
    final long prio;
    final long startTime;
    final long cpu;
    /** {@code task_struct.thread_node}, or -1 on kernels that link threads through {@code thread_group}. */
    final long threadNode;
    /** {@code signal_struct.thread_head}, or -1 likewise. */
    final long threadHead;
    /** {@code task_struct.thread_group}, or -1 on kernels that have {@code thread_node}. */
    final long threadGroup;
    final long listNext;
    final long listPrev;

    TaskLayout(Btf btf) {
        pid = offset(btf, "pid");
        tgid = offset(btf, "tgid");
        BtfField commField = btf.requireField("task_struct", "comm");
        comm = commField.offset();
        commLength = (int) btf.sizeOf(commField.type());
        tasks = offset(btf, "tasks");
        realParent = offset(btf, "real_parent");
        mm = offset(btf, "mm");
        activeMm = offset(btf, "active_mm");
        signal = offset(btf, "signal");
        stateMember = btf.hasField("task_struct", "__state") ? "__state" : "state";
        BtfField stateField = btf.requireField("task_struct", stateMember);
        state = stateField.offset();
        stateSize = (int) btf.sizeOf(stateField.type());
        exitState = offset(btf, "exit_state");
        flags = offset(btf, "flags");
        prio = offset(btf, "prio");
        startTime = offset(btf, "start_time");
        cpu = btf.hasField("task_struct", "thread_info.cpu") ? offset(btf, "thread_info.cpu")
                : btf.field("task_struct", "cpu").map(BtfField::offset).orElse(-1L);
        boolean threadHeadKernel = btf.hasField("signal_struct", "thread_head") && btf.hasField("task_struct", "thread_node");
        threadNode = threadHeadKernel ? offset(btf, "thread_node") : -1;
        threadHead = threadHeadKernel ? btf.requireField("signal_struct", "thread_head").offset() : -1;
        threadGroup = threadHeadKernel ? -1 : offset(btf, "thread_group");
        listNext = btf.requireField("list_head", "next").offset();
        listPrev = btf.requireField("list_head", "prev").offset();
    }

    private static long offset(Btf btf, String path) {
        return btf.requireField("task_struct", path).offset();
    }

    boolean linksThreadsThroughThreadHead() {
        return threadHead >= 0;
    }
}
