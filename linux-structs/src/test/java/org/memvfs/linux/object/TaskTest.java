package org.memvfs.linux.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.linux.LinuxGuests;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.linux.LinuxKernel;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.guest.Workload;

class TaskTest {

    static List<Image> images() {
        return LinuxGuests.images();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theFirstTasksAreInitAndKthreaddChildrenOfInitTask(Image image) {
        LinuxKernel kernel = LinuxGuests.kernel(image);
        Task initTask = kernel.initTask();
        assertThat(initTask.comm()).isEqualTo("swapper/0");
        assertThat(initTask.pid()).isZero();
        Task init = kernel.process(1).orElseThrow();
        assertThat(init.comm()).isEqualTo("init");
        assertThat(init.realParent()).isEqualTo(initTask);
        assertThat(init.ppid()).isZero();
        assertThat(init.isKernelThread()).isFalse();
        Task kthreadd = kernel.process(2).orElseThrow();
        assertThat(kthreadd.comm()).isEqualTo("kthreadd");
        assertThat(kthreadd.isKernelThread()).isTrue();
        assertThat(kthreadd.mmAddress()).isEqualTo(new Va(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void workloadsRunSleepAndStayOnTheCpusTheyWerePinnedTo(Image image) {
        LinuxKernel kernel = LinuxGuests.kernel(image);
        Duration initStart = kernel.process(1).orElseThrow().startTime();
        for (Workload workload : image.capture().workloads()) {
            Task task = kernel.process(workload.pid()).orElseThrow();
            assertThat(task.comm()).isEqualTo("workload");
            assertThat(task.startTime()).isGreaterThan(initStart).isLessThan(Duration.ofMinutes(1));
            var clock = kernel.clock().orElseThrow();
            assertThat(clock.wallTime(task.startTime())).isBetween(clock.boot(), clock.lastTick());
            switch (workload.mode()) {
                case "spin" -> {
                    assertThat(task.state().letter()).isEqualTo('R');
                    assertThat(task.cpu()).hasValue(1); // taskset -c 1
                }
                case "sys" -> assertThat(task.cpu()).hasValue(0); // taskset -c 0
                default -> assertThat(task.state().describe()).isEqualTo("S (sleeping)");
            }
            assertThat(task.prio()).isEqualTo(120); // nice 0
            assertThat(task.activeMmAddress()).isEqualTo(task.mmAddress());
        }
        assertThat(kernel.processes().items().stream().filter(t -> t.comm().startsWith("kworker/")))
                .allMatch(t -> "IR".indexOf(t.state().letter()) >= 0);
    }

    @Test
    void anOlderKernelsStateMemberAndThreadGroupRingAreRead() {
        OldKernel old = new OldKernel();
        old.task(0x10000, 300, 300, "server", 1);
        old.task(0x10400, 301, 300, "worker-1", 0);
        old.task(0x10800, 302, 300, "worker-2", 0x402);
        old.ring(0x10048, 0x10448, 0x10848);
        Task leader = old.objects.task(OldKernel.va(0x10000));
        assertThat(leader.state().describe()).isEqualTo("S (sleeping)");
        WalkResult<Task> threads = leader.threads();
        assertThat(threads.problems()).isEmpty();
        assertThat(threads.items()).extracting(Task::pid).containsExactly(300, 301, 302);
        assertThat(threads.items().get(2).state().letter()).isEqualTo('I');
        assertThat(threads.items().get(1).comm()).isEqualTo("worker-1");
    }

    @Test
    void aThreadRingThatDoesNotCloseEndsWithAProblem() {
        OldKernel old = new OldKernel();
        old.task(0x10000, 300, 300, "server", 1);
        old.task(0x10400, 301, 300, "worker", 0);
        old.task(0x10800, 999, 999, "stranger", 0); // its own empty ring
        old.link(0x10048, 0x10448, 0x10448);
        old.link(0x10448, 0x10848, 0x10048); // the worker leads on to a task whose prev is not the worker
        WalkResult<Task> threads = old.objects.task(OldKernel.va(0x10000)).threads();
        assertThat(threads.items()).extracting(Task::pid).containsExactly(300, 301);
        assertThat(threads.problems()).singleElement().asString().contains("thread_group").contains("broken");
        old.link(0x10448, 0x10448, 0x10048); // the worker points at itself: a loop that misses the leader
        WalkResult<Task> looped = old.objects.task(OldKernel.va(0x10000)).threads();
        assertThat(looped.items()).extracting(Task::pid).containsExactly(300, 301);
        assertThat(looped.problems()).singleElement().asString().contains("loops");
    }
}
