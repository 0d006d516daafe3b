package org.memvfs.linux.locate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.memvfs.linux.btf.Btf;
import org.memvfs.linux.btf.BtfField;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.ReadResult;
import org.memvfs.mmu.Va;

/**
 * Finds {@code init_task}, the idle task of CPU 0: the one task_struct whose {@code comm} is
 * {@code "swapper/0"}, whose {@code pid} and {@code tgid} are 0 and whose {@code tasks} list holds
 * kernel pointers. It is a static variable of the kernel image, so its list heads that are empty
 * point at themselves: {@code next == prev == &init_task.member}. Subtracting each such member's
 * offset gives init_task's own kernel-image address; the members must agree on it.
 */
final class InitTaskProbe {
    /** What {@code comm} holds for CPU 0's idle task, with its terminating NUL. */
    static final byte[] COMM = "swapper/0\0".getBytes(StandardCharsets.US_ASCII);
    /** Self-pointing list heads that must agree before a candidate counts. */
    static final int MIN_VOTES = 2;
    /** Candidates kept while the BTF is not yet known (the string can occur in any page). */
    static final int MAX_PENDING = 256;

    /** An accepted candidate. */
    record Found(Pa at, Va va, int votes, int heads) {
    }

    private final PhysicalMemory memory;
    private final long commOffset;
    private final long pidOffset;
    private final long tgidOffset;
    private final long tasksOffset;
    private final long nextOffset;
    private final long prevOffset;
    private final int taskSize;
    private final List<BtfField> listHeads;
    private final List<String> rejections = new ArrayList<>();

    InitTaskProbe(Btf btf, PhysicalMemory memory) {
        this.memory = memory;
        this.commOffset = btf.requireField("task_struct", "comm").offset();
        this.pidOffset = btf.requireField("task_struct", "pid").offset();
        this.tgidOffset = btf.requireField("task_struct", "tgid").offset();
        this.tasksOffset = btf.requireField("task_struct", "tasks").offset();
        this.nextOffset = btf.requireField("list_head", "next").offset();
        this.prevOffset = btf.requireField("list_head", "prev").offset();
        this.taskSize = (int) btf.sizeOf("task_struct");
        this.listHeads = btf.fieldsOfType("task_struct", "list_head");
    }

    /** The task_struct whose {@code comm} is at {@code commAt}, if it is init_task; else null with the reason kept. */
    Found tryAt(Pa commAt) {
        long start = commAt.value() - commOffset;
        if (start < 0) {
            return reject(commAt, "too close to physical address 0 for a task_struct");
        }
        ByteBuffer task = ByteBuffer.allocate(taskSize).order(ByteOrder.LITTLE_ENDIAN);
        ReadResult read = memory.read(new Pa(start), task);
        if (!read.isComplete()) {
            return reject(commAt, "the task_struct around it runs into a hole of the image");
        }
        int pid = task.getInt((int) pidOffset);
        int tgid = task.getInt((int) tgidOffset);
        if (pid != 0 || tgid != 0) {
            return reject(commAt, "pid " + pid + ", tgid " + tgid + " (init_task has 0 and 0)");
        }
        long next = task.getLong((int) (tasksOffset + nextOffset));
        long prev = task.getLong((int) (tasksOffset + prevOffset));
        if (!KernelAddresses.isUpperHalf(next) || !KernelAddresses.isUpperHalf(prev)) {
            return reject(commAt, "tasks.next " + Hex.of(next) + " / tasks.prev " + Hex.of(prev) + " are not kernel pointers");
        }
        Map<Long, Integer> votes = new HashMap<>();
        for (BtfField head : listHeads) {
            long headNext = task.getLong((int) (head.offset() + nextOffset));
            long headPrev = task.getLong((int) (head.offset() + prevOffset));
            long self = headNext - head.offset();
            if (headNext == headPrev && KernelAddresses.isKernelImage(self)) {
                votes.merge(self, 1, Integer::sum);
            }
        }
        Map.Entry<Long, Integer> best = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(null);
        if (best == null || best.getValue() < MIN_VOTES) {
            return reject(commAt, "fewer than " + MIN_VOTES + " empty list heads point back into the kernel image at one address");
        }
        return new Found(new Pa(start), new Va(best.getKey()), best.getValue(), listHeads.size());
    }

    private Found reject(Pa at, String why) {
        if (rejections.size() < MAX_PENDING) {
            rejections.add("\"swapper/0\" at PA " + Hex.of(at.value()) + " rejected: " + why);
        }
        return null;
    }

    List<String> rejections() {
        return rejections;
    }

    long tasksOffset() {
        return tasksOffset;
    }

    long prevOffset() {
        return prevOffset;
    }

    long nextOffset() {
        return nextOffset;
    }
}
