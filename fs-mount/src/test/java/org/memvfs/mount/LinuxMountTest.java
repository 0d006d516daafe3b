package org.memvfs.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.memvfs.mmu.guest.GuestCapture;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.QemuGuests;
import org.memvfs.mmu.guest.Workload;

/** A real Linux guest mounted through the real command path, searched with real tools. */
class LinuxMountTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"A, elf", "B, raw", "C, raw"})
    void grepFindsTheMarkersOfExactlyTheWorkloadsAndTheMapsAreTheGuestsOwn(GuestConfig config, String format) throws Exception {
        GuestCapture capture = QemuGuests.capture(config);
        Path image = format.equals("elf") ? capture.elf() : capture.raw();
        Path mountPoint = Files.createTempDirectory("memvfs-linux");
        try (KernelLoader.Session session = KernelLoader.open(KernelLoader.Request.of(image), null);
             FuseMount mount = FuseMount.mount(session.vfs(), mountPoint, FuseMount.Options.DEFAULT)) {
            Tools.Result grep = Tools.shell(mountPoint, "grep -r -l -F 'QGMARK name=' pid/*/vmemd | cut -d/ -f2 | sort -un");
            Set<String> expected = capture.workloads().stream().map(w -> Integer.toString(w.pid()))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(new TreeSet<>(grep.out().lines().toList())).as(grep.err()).isEqualTo(expected);

            for (Map.Entry<Integer, List<String>> maps : capture.maps().entrySet()) {
                Tools.Result vma = Tools.run(mountPoint, "cat", "pid/" + maps.getKey() + "/memmap/vma.txt");
                assertThat(vma.out().lines().map(String::strip).toList()).as("maps of %d", maps.getKey())
                        .isEqualTo(maps.getValue());
            }
            for (Workload workload : capture.workloads()) {
                Long cr3 = capture.workloadCr3().get(workload.name());
                if (cr3 != null) {
                    // the CR3 QEMU recorded is the user table under KPTI (table | 0x1000) when the task was in user mode
                    String dtb = Tools.run(mountPoint, "cat", "pid/" + workload.pid() + "/dtb.txt").out().strip();
                    String user = Tools.run(mountPoint, "sh", "-c", "cat pid/" + workload.pid() + "/dtb-user.txt 2>/dev/null")
                            .out().strip();
                    assertThat(List.of(dtb, user)).contains(String.format("%016x", cr3));
                }
            }
            assertThat(Tools.run(mountPoint, "cat", "sys/version.txt").out()).startsWith("Linux version 6.1");
        } finally {
            Files.deleteIfExists(mountPoint);
        }
    }
}
