package org.memvfs.vfs.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.Workload;
import org.memvfs.vfs.linux.LinuxGuestKernels.Image;
import org.memvfs.vfs.os.OsModule;
import org.memvfs.vfs.os.OsProcess;
import org.memvfs.vfs.os.OsRegion;

class LinuxOsProcessTest {
    private static final Image A = new Image(GuestConfig.A, false);

    private static OsProcess process(int pid) {
        return LinuxGuestKernels.kernel(A).processes().stream().filter(p -> p.pid() == pid).findFirst().orElseThrow();
    }

    @Test
    void aWorkloadHasItsRegionsLinesModulesAndKptiTables() {
        Workload spin = A.capture().workloads().stream().filter(w -> w.mode().equals("spin")).findFirst().orElseThrow();
        OsProcess process = process(spin.pid());
        List<OsRegion> regions = process.regions();
        List<String> lines = process.regionLines().orElseThrow();
        assertThat(lines).hasSameSizeAs(regions);
        for (int i = 0; i < regions.size(); i++) {
            assertThat(lines.get(i)).startsWith(String.format("%08x-", regions.get(i).start().value()));
        }
        assertThat(process.modules()).extracting(OsModule::path).containsExactly("/bin/workload");
        OsModule module = process.modules().get(0);
        assertThat(module.base().value()).isEqualTo(0x400000);
        assertThat(module.size()).isEqualTo(0x4a9000 - 0x400000);
        assertThat(process.userDtb()).contains(process.dtb().plus(0x1000));
        assertThat(process.state()).isEqualTo("R (running)");
        assertThat(process.isRunning()).isTrue();
        var kernel = LinuxGuestKernels.kernel(A);
        assertThat(process.createTime()).hasValueSatisfying(created -> assertThat(created)
                .isBetween(kernel.model().clock().orElseThrow().boot(), kernel.imageTime().orElseThrow()));
        assertThat(process.problems()).isEmpty();
        assertThat(process.userSpaceSize()).isEqualTo(1L << 47);
        assertThat(process.addressSpace().root()).isEqualTo(process.dtb());
    }

    @Test
    void aKernelThreadHasNoRegionsAndRunsOnTheKernelsTable() {
        OsProcess kthreadd = process(2);
        assertThat(kthreadd.regions()).isEmpty();
        assertThat(kthreadd.regionLines()).contains(List.of());
        assertThat(kthreadd.modules()).isEmpty();
        assertThat(kthreadd.userDtb()).isEmpty();
        assertThat(kthreadd.dtb()).isEqualTo(LinuxGuestKernels.kernel(A).kernelSpace().root());
        assertThat(kthreadd.threads()).singleElement().satisfies(t -> assertThat(t.details()).containsEntry("comm", "kthreadd"));
        assertThat(kthreadd.textFiles()).singleElement().satisfies(f -> assertThat(f.content().get()).isEmpty());
    }
}
