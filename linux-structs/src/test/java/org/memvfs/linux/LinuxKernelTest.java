package org.memvfs.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.linux.GuestFacts.PsLine;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.linux.object.MmStruct;
import org.memvfs.linux.object.Task;
import org.memvfs.linux.object.Vma;
import org.memvfs.linux.object.WalkResult;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.guest.Workload;

/**
 * The proof on real guests: for each QEMU configuration (4-level with KASLR and KPTI, 4-level in
 * 4 GiB without KASLR, 5-level with KASLR), as a raw image and as an ELF core, the model's
 * processes, regions and tables are what the guest itself said and what QEMU recorded.
 */
class LinuxKernelTest {

    static List<Image> images() {
        return LinuxGuests.images();
    }

    private static Map<Integer, Task> byPid(LinuxKernel kernel) {
        WalkResult<Task> walk = kernel.processes();
        assertThat(walk.problems()).as("problems walking the task list").isEmpty();
        Map<Integer, Task> byPid = new LinkedHashMap<>();
        for (Task task : walk.items()) {
            assertThat(byPid.put(task.pid(), task)).as("pid %d listed twice", task.pid()).isNull();
        }
        return byPid;
    }

    /**
     * {@code ps} shows a kernel worker's comm with its current work queue appended
     * ({@code kworker/0:0-events}, cut to 15 characters); every other name is the comm itself.
     */
    private static boolean psShowsComm(String psName, String comm) {
        return psName.equals(comm) || comm.startsWith("kworker/") && psName.startsWith(comm + "-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theProcessListIsTheGuestsOwnPsExceptPsItselfAndWhatStartedAfterIt(Image image) {
        LinuxKernel kernel = LinuxGuests.kernel(image);
        GuestFacts facts = LinuxGuests.facts(image);
        Map<Integer, Task> model = byPid(kernel);
        int psPid = facts.psPid();
        for (PsLine line : facts.ps()) {
            if (line.pid() == psPid) {
                // Exception 1: ps listed itself, then exited before QEMU stopped the guest.
                assertThat(model).as("ps (pid %d) had exited at capture time", psPid).doesNotContainKey(psPid);
                continue;
            }
            assertThat(model).as("pid %d (%s) from the guest's ps", line.pid(), line.comm()).containsKey(line.pid());
            Task task = model.get(line.pid());
            assertThat(task.ppid()).as("ppid of %d", line.pid()).isEqualTo(line.ppid());
            assertThat(psShowsComm(line.comm(), task.comm())).as("ps name %s for comm %s", line.comm(), task.comm()).isTrue();
            assertThat(task.tgid()).isEqualTo(task.pid());
        }
        List<Integer> psPids = facts.ps().stream().map(PsLine::pid).toList();
        for (Task task : model.values()) {
            if (!psPids.contains(task.pid())) {
                // Exception 2: started after ps ran. Pids are handed out in increasing order and these
                // short-lived guests never wrap, so such a process has a larger pid than ps: the
                // init script's "sleep 3600" loop, which starts after it has printed everything.
                assertThat(task.pid()).as("%d (%s) is not in ps: it must have started after ps (pid %d)", task.pid(),
                        task.comm(), psPid).isGreaterThan(psPid);
            }
        }
        assertThat(model.values()).as("init_task (pid 0) heads the list but is not a process").noneMatch(t -> t.pid() == 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void userProcessesHaveTheArgumentsPsShowedAndKernelThreadsHaveNoMm(Image image) {
        LinuxKernel kernel = LinuxGuests.kernel(image);
        Map<Integer, Task> model = byPid(kernel);
        int checked = 0;
        for (PsLine line : LinuxGuests.facts(image).ps()) {
            Task task = model.get(line.pid());
            if (task == null) {
                continue; // ps itself, see above
            }
            if (line.args().startsWith("[")) {
                assertThat(task.mm()).as("kernel thread %s", line.comm()).isEmpty();
                assertThat(task.isKernelThread()).isTrue();
                continue;
            }
            MmStruct mm = task.mm().orElseThrow();
            WalkResult<String> arguments = mm.arguments();
            assertThat(arguments.problems()).isEmpty();
            // busybox ps writes "{comm} " before the arguments when argv[0] does not name the comm
            String expected = line.args().startsWith("{" + task.comm() + "} ")
                    ? line.args().substring(task.comm().length() + 3) : line.args();
            assertThat(String.join(" ", arguments.items())).as("arguments of %d", line.pid()).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theRegionsOfEveryProcessWhoseMapsTheGuestPrintedAreThoseMapsLineForLine(Image image) {
        LinuxKernel kernel = LinuxGuests.kernel(image);
        Map<Integer, List<String>> maps = image.capture().maps();
        assertThat(maps).hasSizeGreaterThanOrEqualTo(6);
        for (Map.Entry<Integer, List<String>> guest : maps.entrySet()) {
            MmStruct mm = kernel.process(guest.getKey()).orElseThrow().mm().orElseThrow();
            WalkResult<Vma> vmas = mm.vmas();
            assertThat(vmas.problems()).isEmpty();
            List<String> lines = new ArrayList<>();
            for (Vma vma : vmas.items()) {
                lines.add(vma.mapsLine().strip()); // the guest's lines were stripped when they were parsed
            }
            assertThat(lines).as("/proc/%d/maps", guest.getKey()).containsExactlyElementsOf(guest.getValue());
            assertThat(vmas.items()).hasSize(mm.mapCount());
        }
    }

    private static String marker(Workload workload) {
        return String.format("QGMARK name=%-8.8s pid=%-6d", workload.name(), workload.pid());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void eachWorkloadsRegionsHoldItsOwnMarkedPagesAndNoOtherProcesss(Image image) {
        LinuxKernel kernel = LinuxGuests.kernel(image);
        List<Workload> workloads = image.capture().workloads();
        assertThat(workloads).hasSize(3);
        for (Workload workload : workloads) {
            MmStruct mm = kernel.process(workload.pid()).orElseThrow().mm().orElseThrow();
            AddressSpace space = mm.addressSpace();
            for (long[] buffer : new long[][] {{workload.bigVa(), workload.bigLength()}, {workload.smallVa(), workload.smallLength()}}) {
                for (long page = buffer[0]; page < buffer[0] + buffer[1]; page += 4096) {
                    String expected = marker(workload) + String.format(" va=%016x", page);
                    ByteBuffer head = ByteBuffer.allocate(expected.length());
                    assertThat(space.read(new Va(page), head).isComplete()).as("%s page %x", workload.name(), page).isTrue();
                    assertThat(new String(head.array(), StandardCharsets.ISO_8859_1)).isEqualTo(expected);
                }
            }
            int own = 0;
            for (Vma vma : mm.vmas().items()) {
                long size = vma.end().value() - vma.start().value();
                ByteBuffer bytes = ByteBuffer.allocate((int) size);
                space.read(vma.start(), bytes);
                String content = new String(bytes.array(), StandardCharsets.ISO_8859_1);
                for (Workload other : workloads) {
                    boolean found = content.contains(marker(other));
                    if (other.equals(workload)) {
                        own += found ? 1 : 0;
                    } else {
                        assertThat(found).as("%s's marker in %s's region %s", other.name(), workload.name(), vma).isFalse();
                    }
                }
            }
            assertThat(own).as("regions of %s holding its markers", workload.name()).isGreaterThanOrEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theTableOfEachTaskOnAVcpuIsTheCr3QemuRecorded(Image image) {
        LinuxKernel kernel = LinuxGuests.kernel(image);
        Map<String, Long> cr3 = image.capture().workloadCr3();
        assertThat(cr3).as("workloads QEMU caught on a vCPU").isNotEmpty();
        for (Workload workload : image.capture().workloads()) {
            Long recorded = cr3.get(workload.name());
            if (recorded == null) {
                continue; // wsleep sleeps: QEMU never saw it on a vCPU
            }
            MmStruct mm = kernel.process(workload.pid()).orElseThrow().mm().orElseThrow();
            Pa root = image.config().mode().rootOf(recorded);
            // "spin" runs in user mode, so under KPTI its CR3 is the user copy; "sys" was caught in the kernel
            boolean userMode = workload.mode().equals("spin");
            Pa expected = userMode && kernel.kpti() ? kernel.userTable(mm).orElseThrow() : mm.pgdTable();
            assertThat(root).as("CR3 of %s (%s mode)", workload.name(), workload.mode()).isEqualTo(expected);
        }
        assertThat(kernel.kpti()).isEqualTo(image.config().name().equals("A"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void everyProcessLeadsItsThreadGroup(Image image) {
        LinuxKernel kernel = LinuxGuests.kernel(image);
        for (Task process : kernel.processes().items()) {
            WalkResult<Task> threads = process.threads();
            assertThat(threads.problems()).isEmpty();
            assertThat(threads.items()).as("threads of %d", process.pid()).isNotEmpty().first().isEqualTo(process);
            assertThat(threads.items()).allMatch(t -> t.tgid() == process.pid());
        }
    }
}
