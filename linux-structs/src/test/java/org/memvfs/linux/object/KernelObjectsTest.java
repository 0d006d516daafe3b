package org.memvfs.linux.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.linux.LinuxGuests;
import org.memvfs.linux.LinuxGuests.Format;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.linux.LinuxKernel;
import org.memvfs.linux.PatchedImage;
import org.memvfs.linux.PatchedImage.Patch;
import org.memvfs.linux.btf.MissingTypeException;
import org.memvfs.linux.btf.TestBtf;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.guest.GuestConfig;

/** The task list walk on copies of a real image whose list was made to loop, break or run long. */
class KernelObjectsTest {
    private static final Image A = new Image(GuestConfig.A, Format.RAW);
    @TempDir
    static Path directory;
    private static PatchedImage copy;
    private static LinuxKernel clean;
    private static long tasksOffset;

    @BeforeAll
    static void copyTheImage() {
        clean = LinuxGuests.kernel(A);
        copy = PatchedImage.copyOf(A.path(), directory);
        tasksOffset = clean.discovery().btf().requireField("task_struct", "tasks").offset();
    }

    private static Va tasksOf(int pid) {
        return clean.process(pid).orElseThrow().address().plus(tasksOffset);
    }

    private static Pa pa(Va va) {
        return clean.kernelSpace().translate(va).pa().orElseThrow();
    }

    @Test
    void aTaskListThatLoopsEndsAtTheFirstTaskSeenTwice() {
        // pid 113's next is kthreadd again: the list never comes back to init_task
        Patch loop = Patch.u64(pa(tasksOf(113)).value(), tasksOf(2).value());
        WalkResult<Task> walk = copy.with(List.of(loop), memory -> {
            LinuxKernel patched = LinuxKernel.open(memory);
            WalkResult<Task> result = patched.processes();
            assertThat(result.items().get(result.items().size() - 1).pid()).isEqualTo(113);
            return result;
        });
        assertThat(walk.items()).extracting(Task::address).doesNotHaveDuplicates();
        assertThat(walk.problems()).singleElement().asString().contains("the task list comes back to").contains("loops");
    }

    @Test
    void aBrokenOrUnreadableLinkEndsTheWalkWithWhatCameBefore() {
        // pid 113's next is pid 117, whose prev still names pid 115
        Patch skip = Patch.u64(pa(tasksOf(113)).value(), tasksOf(117).value());
        WalkResult<Task> broken = copy.with(List.of(skip), memory -> objectsOn(memory).processes(initTask(memory)));
        assertThat(broken.problems()).singleElement().asString().contains("broken at " + tasksOf(117));
        long unmapped = clean.discovery().pageOffsetBase().value() + (64L << 30);
        Patch nowhere = Patch.u64(pa(tasksOf(113)).value(), unmapped);
        WalkResult<Task> cut = copy.with(List.of(nowhere), memory -> objectsOn(memory).processes(initTask(memory)));
        assertThat(cut.items()).extracting(Task::address).last().isEqualTo(tasksOf(113).plus(-tasksOffset));
        assertThat(cut.problems()).singleElement().asString().contains("cannot read").contains("the walk stops");
    }

    private static KernelObjects objectsOn(org.memvfs.mmu.PhysicalMemory memory) {
        return new KernelObjects(clean.discovery().btf(), AddressSpace.of(memory, clean.mode(), clean.kernelSpace().root()),
                WalkLimits.DEFAULT);
    }

    private static Task initTask(org.memvfs.mmu.PhysicalMemory memory) {
        return objectsOn(memory).task(clean.discovery().initTask());
    }

    @Test
    void theTaskLimitHolds() {
        KernelObjects few = new KernelObjects(clean.discovery().btf(), clean.kernelSpace(), new WalkLimits(5, 10, 10, 10, 10, 10));
        WalkResult<Task> walk = few.processes(few.task(clean.discovery().initTask()));
        assertThat(walk.items()).hasSize(5);
        assertThat(walk.problems()).singleElement().asString().contains("more than 5 entries");
    }

    @Test
    void aKernelWhoseBtfLacksAMemberTheModelNeedsIsRefusedByName() {
        TestBtf partial = new TestBtf();
        partial.struct("task_struct", 16, new TestBtf.Field("pid", TestBtf.INT, 0));
        assertThatThrownBy(() -> new KernelObjects(partial.btf(), clean.kernelSpace(), WalkLimits.DEFAULT))
                .isInstanceOf(MissingTypeException.class).hasMessageContaining("task_struct.tgid");
    }
}
