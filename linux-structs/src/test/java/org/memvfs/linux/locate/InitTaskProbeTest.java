package org.memvfs.linux.locate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.memvfs.linux.FakeMemory;
import org.memvfs.linux.LinuxGuests;
import org.memvfs.linux.LinuxGuests.Format;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.linux.btf.Btf;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.image.MemoryImages;

class InitTaskProbeTest {
    private static final Image C = new Image(GuestConfig.C, Format.RAW);

    @Test
    void theRealInitTaskIsRecognisedByItsSelfPointingListHeads() {
        Discovery found = LinuxGuests.kernel(C).discovery();
        Btf btf = found.btf();
        long comm = btf.requireField("task_struct", "comm").offset();
        try (PhysicalMemory memory = MemoryImages.open(C.path())) {
            InitTaskProbe.Found task = new InitTaskProbe(btf, memory).tryAt(found.initTaskAt().plus(comm));
            assertThat(task).isNotNull();
            assertThat(task.va()).isEqualTo(found.initTask());
            assertThat(task.votes()).isGreaterThanOrEqualTo(InitTaskProbe.MIN_VOTES);
        }
    }

    @Test
    void aSwapperStringThatIsNotInitTaskIsRejectedWithTheReason() {
        Btf btf = LinuxGuests.kernel(C).discovery().btf();
        long comm = btf.requireField("task_struct", "comm").offset();
        long pid = btf.requireField("task_struct", "pid").offset();
        long tasks = btf.requireField("task_struct", "tasks").offset();
        int size = (int) btf.sizeOf("task_struct");
        FakeMemory memory = new FakeMemory().range(0, 4 * size);
        // one with a pid, one with pid 0 but no kernel pointers, one that is only text near address 0
        memory.put(comm, InitTaskProbe.COMM).put32(pid, 7);
        memory.put(size + comm, InitTaskProbe.COMM);
        memory.put(2 * size + comm, InitTaskProbe.COMM).put64(2 * size + tasks, 0xffff_8880_0100_0000L)
                .put64(2 * size + tasks + 8, 0xffff_8880_0100_0000L);
        InitTaskProbe probe = new InitTaskProbe(btf, memory);
        assertThat(probe.tryAt(new Pa(comm))).isNull();
        assertThat(probe.tryAt(new Pa(size + comm))).isNull();
        assertThat(probe.tryAt(new Pa(2 * size + comm))).isNull();
        assertThat(probe.tryAt(new Pa(8))).isNull();
        assertThat(probe.rejections()).hasSize(4);
        assertThat(probe.rejections().get(0)).contains("pid 7");
        assertThat(probe.rejections().get(1)).contains("not kernel pointers");
        assertThat(probe.rejections().get(2)).contains("empty list heads");
        assertThat(probe.rejections().get(3)).contains("too close to physical address 0");
    }
}
