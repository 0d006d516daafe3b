package org.memvfs.linux.object;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.memvfs.linux.btf.Btf;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Va;

/**
 * The context every view reads in: the kernel's address space, the structure layouts resolved
 * once from BTF (failing fast, with the struct and member named, when this kernel lacks one the
 * model needs) and the walk limits. Makes views of addresses and walks lists of tasks.
 */
public final class KernelObjects {
    private final Btf btf;
    private final KernelMemory memory;
    private final WalkLimits limits;
    private final TaskLayout taskLayout;
    private final MmLayout mmLayout;
    private final VmaLayout vmaLayout;
    private final PathLayout pathLayout;
    private final MapleLayout mapleLayout;
    private final MapleTree mapleTree;

    /**
     * @throws org.memvfs.linux.btf.MissingTypeException naming the first struct member the model
     *                                                   needs that this kernel's BTF lacks
     */
    public KernelObjects(Btf btf, AddressSpace kernelSpace, WalkLimits limits) {
        this.btf = btf;
        this.memory = new KernelMemory(kernelSpace);
        this.limits = limits;
        this.taskLayout = new TaskLayout(btf);
        this.mmLayout = new MmLayout(btf);
        this.vmaLayout = new VmaLayout(btf);
        this.pathLayout = new PathLayout(btf);
        this.mapleLayout = mmLayout.hasMapleTree() ? new MapleLayout(btf) : null;
        this.mapleTree = mapleLayout == null ? null : new MapleTree(memory, mapleLayout, limits);
    }

    public Btf btf() {
        return btf;
    }

    public AddressSpace kernelSpace() {
        return memory.space();
    }

    public WalkLimits limits() {
        return limits;
    }

    /** A view of the task_struct at {@code address}. */
    public Task task(Va address) {
        return new Task(this, address);
    }

    /** A view of the mm_struct at {@code address}. */
    public MmStruct mm(Va address) {
        return new MmStruct(this, address);
    }

    /** Whether VMAs come from the maple tree ({@code mm_mt}) rather than the {@code mmap} list. */
    public boolean vmasFromMapleTree() {
        return mmLayout.hasMapleTree();
    }

    /**
     * The thread-group leaders on the list that {@code init_task.tasks} heads, init_task left out:
     * what user space sees as processes.
     */
    public WalkResult<Task> processes(Task initTask) {
        return listOfTasks(initTask.address().plus(taskLayout.tasks), taskLayout.tasks, limits.maxTasks(), "the task list");
    }

    /**
     * The tasks on the circular list whose head is at {@code head}, each linked through its member
     * at {@code memberOffset}. Stops with a problem line at a link that does not read, at an entry
     * whose {@code prev} does not point back (a broken list), at an entry seen before (a loop that
     * misses the head) and at {@code max} entries.
     */
    WalkResult<Task> listOfTasks(Va head, long memberOffset, int max, String what) {
        List<Task> tasks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<Va> seen = new HashSet<>();
        Va previous = head;
        try {
            Va node = memory.pointer(head.plus(taskLayout.listNext), what + ": list_head.next of " + head);
            while (!node.equals(head)) {
                if (!seen.add(node)) {
                    problems.add(what + " comes back to " + node + " without returning to its head: it loops, the walk stops");
                    break;
                }
                if (tasks.size() >= max) {
                    problems.add(what + " has more than " + max + " entries: the walk stops there");
                    break;
                }
                Va back = memory.pointer(node.plus(taskLayout.listPrev), what + ": list_head.prev of " + node);
                if (!back.equals(previous)) {
                    problems.add(what + " is broken at " + node + ": its prev is " + back + ", not " + previous + "; the walk stops");
                    break;
                }
                tasks.add(new Task(this, node.plus(-memberOffset)));
                previous = node;
                node = memory.pointer(node.plus(taskLayout.listNext), what + ": list_head.next of " + node);
            }
        } catch (MemoryException e) {
            problems.add(what + ": " + e.getMessage() + "; the walk stops");
        }
        return new WalkResult<>(tasks, problems);
    }

    KernelMemory memory() {
        return memory;
    }

    TaskLayout taskLayout() {
        return taskLayout;
    }

    MmLayout mmLayout() {
        return mmLayout;
    }

    VmaLayout vmaLayout() {
        return vmaLayout;
    }

    PathLayout pathLayout() {
        return pathLayout;
    }

    MapleTree mapleTree() {
        return mapleTree;
    }
}
