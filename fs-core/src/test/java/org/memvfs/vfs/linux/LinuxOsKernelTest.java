package org.memvfs.vfs.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.guest.Workload;
import org.memvfs.vfs.Vfs;
import org.memvfs.vfs.linux.LinuxGuestKernels.Image;

/** A real Linux guest through the tree's API, as {@code ls}, {@code cat} and {@code grep -r} would see it mounted. */
class LinuxOsKernelTest {
    /** Region files larger than this are not read whole (none of the guests' are). */
    private static final long LARGE = 64L << 20;

    static List<Image> images() {
        return LinuxGuestKernels.images();
    }

    private static byte[] readAll(Vfs vfs, String path) {
        long size = vfs.stat(path).size();
        ByteBuffer buffer = ByteBuffer.allocate((int) size + 1);
        int total = 0;
        for (int n; (n = vfs.read(path, total, buffer)) > 0; ) {
            total += n;
        }
        assertThat(total).as("bytes of %s", path).isEqualTo(size);
        return Arrays.copyOf(buffer.array(), total);
    }

    private static String text(Vfs vfs, String path) {
        return new String(readAll(vfs, path), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void grepOverEveryProcesssVmemdFindsTheMarkersInExactlyTheWorkloadsEachItsOwn(Image image) {
        Vfs vfs = new Vfs(LinuxGuestKernels.kernel(image));
        List<Workload> workloads = image.capture().workloads();
        Set<Integer> holders = new TreeSet<>();
        for (String pid : vfs.names("pid")) {
            for (String name : vfs.names("pid/" + pid + "/vmemd")) {
                String path = "pid/" + pid + "/vmemd/" + name;
                if (vfs.stat(path).size() > LARGE) {
                    continue;
                }
                String content = new String(readAll(vfs, path), StandardCharsets.ISO_8859_1);
                if (content.contains("QGMARK")) {
                    holders.add(Integer.parseInt(pid));
                }
                for (Workload workload : workloads) {
                    String marker = String.format("QGMARK name=%-8.8s pid=%-6d", workload.name(), workload.pid());
                    if (content.contains(marker)) {
                        assertThat(Integer.parseInt(pid)).as("%s in %s", marker, path).isEqualTo(workload.pid());
                    }
                }
            }
        }
        assertThat(holders).containsExactlyElementsOf(workloads.stream().map(Workload::pid).collect(Collectors.toCollection(TreeSet::new)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void vmaTxtIsTheGuestsOwnProcMapsLineForLine(Image image) {
        Vfs vfs = new Vfs(LinuxGuestKernels.kernel(image));
        for (Map.Entry<Integer, List<String>> maps : image.capture().maps().entrySet()) {
            String path = "pid/" + maps.getKey() + "/memmap/vma.txt";
            List<String> lines = text(vfs, path).lines().map(String::strip).toList();
            assertThat(lines).as(path).containsExactlyElementsOf(maps.getValue());
            assertThat(vfs.names("pid/" + maps.getKey() + "/vmemd")).hasSize(maps.getValue().size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theOneValueFilesAreThePsValuesAndTheTables(Image image) {
        LinuxOsKernel kernel = LinuxGuestKernels.kernel(image);
        Vfs vfs = new Vfs(kernel);
        Map<Integer, String> ps = LinuxGuestKernels.psArguments(image);
        for (Workload workload : image.capture().workloads()) {
            String dir = "pid/" + workload.pid() + "/";
            assertThat(text(vfs, dir + "name.txt")).isEqualTo("workload\n");
            assertThat(text(vfs, dir + "ppid.txt")).isEqualTo("1\n");
            assertThat(text(vfs, dir + "linux-cmdline.txt")).isEqualTo(ps.get(workload.pid()) + "\n");
            var mm = kernel.model().process(workload.pid()).orElseThrow().mm().orElseThrow();
            assertThat(text(vfs, dir + "dtb.txt")).isEqualTo(Hex.u64(mm.pgdTable().value()) + "\n");
            if (kernel.model().kpti()) {
                assertThat(text(vfs, dir + "dtb-user.txt")).isEqualTo(Hex.u64(mm.pgdTable().value() | 0x1000) + "\n");
            } else {
                assertThat(vfs.names("pid/" + workload.pid())).doesNotContain("dtb-user.txt");
            }
            assertThat(text(vfs, dir + "modules/modules.txt")).contains("/bin/workload");
            assertThat(text(vfs, dir + "time-create.txt")).startsWith("2026-").endsWith(" UTC\n");
            var started = kernel.model().clock().orElseThrow().wallTime(kernel.model().process(workload.pid()).orElseThrow().startTime());
            assertThat(vfs.stat(dir + "name.txt").time()).as("a process's files carry its start time").isEqualTo(started);
            assertThat(vfs.names(dir + "threads")).containsExactly("threads.txt", Integer.toString(workload.pid()));
            assertThat(text(vfs, dir + "threads/" + workload.pid() + "/info.txt")).contains("after boot").contains("comm:");
        }
        assertThat(text(vfs, "pid/1/linux-cmdline.txt")).isEqualTo(ps.get(1) + "\n");
        assertThat(text(vfs, "pid/2/linux-cmdline.txt")).as("a kernel thread").isEqualTo("\n");
        assertThat(text(vfs, "pid/2/memmap/vma.txt")).isEmpty();
        assertThat(text(vfs, "pid/2/dtb.txt")).isEqualTo(Hex.u64(kernel.kernelSpace().root().value()) + "\n");
        assertThat(vfs.names("name")).contains("init-1", "kthreadd-2", "workload-" + image.capture().workloads().get(0).pid());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theSystemFilesNameTheKernelAndHowItWasFound(Image image) {
        LinuxOsKernel kernel = LinuxGuestKernels.kernel(image);
        Vfs vfs = new Vfs(kernel);
        List<String> version = text(vfs, "sys/version.txt").lines().toList();
        assertThat(version.get(0)).startsWith("Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)");
        assertThat(version).anySatisfy(line -> assertThat(line).startsWith("BTF: found at PA"))
                .anySatisfy(line -> assertThat(line).startsWith("page_offset_base: "));
        assertThat(text(vfs, "sys/architecture.txt")).isEqualTo("x64\n");
        String tree = text(vfs, "sys/proc/proc.txt");
        // pids 1 and 2 are children of init_task (pid 0), which is not a process: both are roots
        assertThat(tree).contains("\ninit  ").contains("\nkthreadd  ").contains("\n- kworker/").contains("\n- workload")
                .doesNotContain("# partial");
        assertThat(kernel.problems()).isEmpty();
    }
}
