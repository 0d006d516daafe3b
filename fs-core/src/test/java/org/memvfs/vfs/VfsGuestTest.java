package org.memvfs.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.PagingLevel;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.WalkStep;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.QemuGuests;
import org.memvfs.mmu.guest.Workload;
import org.memvfs.vfs.os.OsProcess;

/**
 * The tree's generic code on real memory: a QEMU guest's workloads as processes (see
 * {@link GuestKernel}), their regions as the guest printed them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VfsGuestTest {
    private static final long LARGE = 64L << 20;
    private GuestKernel kernel;
    private Vfs vfs;

    @BeforeAll
    void open() {
        kernel = new GuestKernel(QemuGuests.capture(GuestConfig.A));
        vfs = new Vfs(kernel);
    }

    @AfterAll
    void close() {
        kernel.memory().close();
    }

    private byte[] readAll(String path) {
        long size = vfs.stat(path).size();
        ByteBuffer buffer = ByteBuffer.allocate((int) size + 100);
        int total = 0;
        int n;
        while ((n = vfs.read(path, total, buffer)) > 0) {
            total += n;
        }
        assertThat(total).as("bytes of %s", path).isEqualTo(size);
        return java.util.Arrays.copyOf(buffer.array(), total);
    }

    private String text(String path) {
        return new String(readAll(path), StandardCharsets.UTF_8);
    }

    /** Every path of the tree, files and directories, depth first. */
    private List<String> walk(String directory) {
        List<String> paths = new ArrayList<>();
        for (DirectoryEntry entry : vfs.list(directory)) {
            String path = directory + "/" + entry.name();
            paths.add(path);
            if (entry.directory()) {
                paths.addAll(walk(path));
            }
        }
        return paths;
    }

    @Test
    void everyFileReadsExactlyItsSizeAndSlicesEqualTheWhole() {
        Random random = new Random(4);
        int files = 0;
        for (String path : walk("")) {
            FileAttributes attributes = vfs.stat(path);
            if (attributes.directory()) {
                continue;
            }
            files++;
            long size = attributes.size();
            ByteBuffer tail = ByteBuffer.allocate(64);
            assertThat(vfs.read(path, size, tail)).as("read at the end of %s", path).isZero();
            assertThat(vfs.read(path, size + 4096, tail)).isZero();
            if (size > LARGE) {
                ByteBuffer last = ByteBuffer.allocate(100);
                assertThat(vfs.read(path, size - 10, last)).isEqualTo(10);
                continue;
            }
            byte[] whole = readAll(path);
            for (int i = 0; i < 5 && size > 0; i++) {
                long offset = random.nextLong(size);
                int length = 1 + random.nextInt(4096);
                ByteBuffer slice = ByteBuffer.allocate(length);
                int n = vfs.read(path, offset, slice);
                assertThat(n).isEqualTo((int) Math.min(length, size - offset));
                assertThat(java.util.Arrays.copyOf(slice.array(), n))
                        .isEqualTo(java.util.Arrays.copyOfRange(whole, (int) offset, (int) offset + n));
            }
        }
        assertThat(files).isGreaterThan(50);
    }

    @Test
    void processesAppearByPidAndByNameAsTheSameDirectory() {
        for (OsProcess process : kernel.processes()) {
            String byPid = "pid/" + process.pid();
            String byName = "name/" + process.name() + "-" + process.pid();
            assertThat(vfs.names(byPid)).isEqualTo(vfs.names(byName));
            assertThat(text(byPid + "/name.txt")).isEqualTo(process.name() + "\n");
            assertThat(text(byName + "/pid.txt")).isEqualTo(process.pid() + "\n");
            assertThat(text(byPid + "/dtb.txt")).isEqualTo(Hex.u64(process.dtb().value()) + "\n");
            assertThat(vfs.names(byPid)).doesNotContain("time-exit.txt", "dtb-user.txt")
                    .contains("linux-cmdline.txt", "memmap", "modules", "threads", "virt2phys", "vmemd", "memory.vmem");
        }
        assertThat(text("sys/proc/proc.txt")).contains("wsys").contains("wspin");
    }

    @Test
    void vmemdFilesHoldTheRegionsBytesAndTheMarkersOfTheirOwnProcessOnly() {
        List<Workload> workloads = kernel.capture().workloads();
        int markers = 0;
        for (OsProcess process : kernel.processes()) {
            String dir = "pid/" + process.pid() + "/vmemd";
            assertThat(vfs.names(dir)).hasSize(process.regions().size());
            for (String name : vfs.names(dir)) {
                long size = vfs.stat(dir + "/" + name).size();
                if (size > LARGE) {
                    continue;
                }
                byte[] bytes = readAll(dir + "/" + name);
                Va start = Va.parse(name.substring(0, 16));
                ByteBuffer direct = ByteBuffer.allocate(bytes.length);
                process.addressSpace().read(start, direct);
                assertThat(bytes).as("%s/%s", dir, name).isEqualTo(direct.array());
                String content = new String(bytes, StandardCharsets.ISO_8859_1);
                for (Workload other : workloads) {
                    String marker = String.format("QGMARK name=%-8.8s pid=%-6d", other.name(), other.pid());
                    if (content.contains(marker)) {
                        assertThat(other.pid()).as("%s found in %s", marker, dir).isEqualTo(process.pid());
                        markers++;
                    }
                }
            }
        }
        assertThat(markers).as("regions holding their own process's markers").isGreaterThanOrEqualTo(2 * kernel.processes().size());
    }

    @Test
    void writingAnAddressIntoVirtTxtChangesPhysMapTablesAndPageConsistentlyWithTheWalk() {
        OsProcess process = kernel.processes().get(0);
        Workload workload = kernel.capture().workloads().stream().filter(w -> w.pid() == process.pid()).findFirst().orElseThrow();
        String dir = "pid/" + process.pid() + "/virt2phys";
        Va va = new Va(workload.smallVa() + 0x1234);
        vfs.truncate(dir + "/virt.txt", 0);
        vfs.write(dir + "/virt.txt", 0, ByteBuffer.wrap(("0x" + Long.toHexString(va.value()).toUpperCase() + "\n")
                .getBytes(StandardCharsets.US_ASCII)));
        assertThat(text(dir + "/virt.txt")).isEqualTo(va + "\n");

        AddressSpace space = process.addressSpace();
        Translation walk = space.walk(va);
        assertThat(text(dir + "/phys.txt")).isEqualTo(walk.pa().orElseThrow() + "\n");
        List<String> map = text(dir + "/map.txt").lines().toList();
        List<PagingLevel> levels = space.mode().levels();
        for (int i = 0; i < levels.size(); i++) {
            WalkStep step = walk.steps().get(i);
            assertThat(map.get(i)).isEqualTo(String.format("%-4s %s +%03x %s", levels.get(i).name(), step.table(),
                    step.entryOffset(), step.entry()));
            byte[] table = readAll(dir + "/pt_" + levels.get(i).name().toLowerCase() + ".mem");
            ByteBuffer expected = ByteBuffer.allocate(4096);
            kernel.memory().read(step.table(), expected);
            assertThat(table).isEqualTo(expected.array());
        }
        assertThat(map.get(levels.size())).isEqualTo("PAGE " + walk.pa().orElseThrow().alignDown(4096));
        assertThat(map.get(levels.size() + 1).strip()).startsWith("mapped: 4K page, rw- user");
        byte[] page = readAll(dir + "/page.mem");
        assertThat(new String(page, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("QGMARK");
        assertThat(new String(page, StandardCharsets.US_ASCII)).contains("va=" + va.alignDown(4096));
    }

    @Test
    void anUnmappedAddressGivesZerosAndSaysWhyTheWalkStopped() {
        OsProcess process = kernel.processes().get(0);
        String dir = "pid/" + process.pid() + "/virt2phys";
        vfs.write(dir + "/virt.txt", 0, ByteBuffer.wrap("ffff800000000000".getBytes(StandardCharsets.US_ASCII)));
        Translation walk = process.addressSpace().walk(new Va(0xffff800000000000L));
        assertThat(walk.isMapped()).isFalse();
        assertThat(text(dir + "/phys.txt")).isEqualTo("0000000000000000\n");
        List<String> map = text(dir + "/map.txt").lines().toList();
        assertThat(map.get(map.size() - 1).strip()).isEqualTo("stopped: " + walk.reason().text() + " at "
                + walk.steps().get(walk.steps().size() - 1).level().name());
        assertThat(readAll(dir + "/page.mem")).containsOnly(0);
        assertThat(readAll(dir + "/pt_pt.mem")).containsOnly(0);
    }

    @Test
    void badInputToVirtTxtIsRefusedAndTheOldValueKept() {
        OsProcess process = kernel.processes().get(1);
        String path = "pid/" + process.pid() + "/virt2phys/virt.txt";
        vfs.write(path, 0, ByteBuffer.wrap("7ff6c0001234\n".getBytes(StandardCharsets.US_ASCII)));
        for (String bad : new String[] {"nonsense\n", "0x\n", "12 34\n", "0x1ffffffffffffffff\n", "\n", " 1234\n"}) {
            vfs.truncate(path, 0);
            assertThatThrownBy(() -> vfs.write(path, 0, ByteBuffer.wrap(bad.getBytes(StandardCharsets.US_ASCII))))
                    .as(bad).isInstanceOf(VfsException.class)
                    .satisfies(e -> assertThat(((VfsException) e).kind()).isEqualTo(VfsException.Kind.INVALID_ARGUMENT));
            assertThat(text(path)).isEqualTo("00007ff6c0001234\n");
        }
        assertThatThrownBy(() -> vfs.write(path, 3, ByteBuffer.wrap("12".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(VfsException.class);
        // the value belongs to the process and survives reading the process list again
        vfs.refresh();
        assertThat(text(path)).isEqualTo("00007ff6c0001234\n");
        assertThat(text("pid/" + kernel.processes().get(0).pid() + "/virt2phys/virt.txt")).isNotEqualTo("00007ff6c0001234\n");
    }

    @Test
    void theRegionTableHasOneFixedWidthLinePerRegionAndKnowsItsSizeUnrendered() {
        OsProcess process = kernel.processes().get(0);
        String path = "pid/" + process.pid() + "/memmap/vma.txt";
        long size = vfs.stat(path).size();
        List<String> lines = text(path).lines().toList();
        assertThat(lines).hasSize(process.regions().size() + 1);
        assertThat(size % lines.size()).isZero();
        assertThat(lines.get(1)).contains(process.regions().get(0).start() + "-" + process.regions().get(0).end())
                .contains("/bin/workload");
        assertThat(text("pid/" + process.pid() + "/memmap/pte.txt")).contains("rw-").contains("user");
    }

    @Test
    void pathsThatDoNotExistOrAreTheWrongKindAreNamedErrors() {
        assertThatThrownBy(() -> vfs.stat("pid/999999")).isInstanceOf(VfsException.class)
                .satisfies(e -> assertThat(((VfsException) e).kind()).isEqualTo(VfsException.Kind.NOT_FOUND))
                .hasMessageContaining("pid/999999");
        assertThatThrownBy(() -> vfs.list("memory.pmem")).isInstanceOf(VfsException.class)
                .satisfies(e -> assertThat(((VfsException) e).kind()).isEqualTo(VfsException.Kind.NOT_A_DIRECTORY));
        assertThatThrownBy(() -> vfs.read("pid", 0, ByteBuffer.allocate(1))).isInstanceOf(VfsException.class)
                .satisfies(e -> assertThat(((VfsException) e).kind()).isEqualTo(VfsException.Kind.IS_A_DIRECTORY));
        assertThatThrownBy(() -> vfs.write("sys/version.txt", 0, ByteBuffer.wrap(new byte[1]))).isInstanceOf(VfsException.class)
                .satisfies(e -> assertThat(((VfsException) e).kind()).isEqualTo(VfsException.Kind.READ_ONLY));
        assertThat(vfs.stat("/pid/../sys/./version.txt").directory()).isFalse();
    }

    @Test
    void physicalMemoryIsTheImagesPhysicalMemoryWithHolesAsZeros() {
        assertThat(vfs.stat("memory.pmem").size()).isEqualTo(kernel.memory().size());
        ByteBuffer viaTree = ByteBuffer.allocate(8192);
        vfs.read("memory.pmem", 0x1000, viaTree);
        ByteBuffer direct = ByteBuffer.allocate(8192);
        kernel.memory().read(new org.memvfs.mmu.Pa(0x1000), direct);
        assertThat(viaTree.array()).isEqualTo(direct.array());
        assertThat(vfs.stat("memory.pmem").writable()).isFalse();
    }
}
