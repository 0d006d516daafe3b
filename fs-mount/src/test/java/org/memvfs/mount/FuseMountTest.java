package org.memvfs.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.QemuGuests;
import org.memvfs.mmu.guest.Workload;
import org.memvfs.vfs.DirectoryEntry;
import org.memvfs.vfs.GuestKernel;
import org.memvfs.vfs.Vfs;
import org.memvfs.vfs.os.OsProcess;

/**
 * A real FUSE mount of a real guest's tree, driven by the tools analysts use: ls, cat, stat, xxd,
 * echo into virt.txt, grep -r, find, and a Python os.walk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuseMountTest {
    private GuestKernel kernel;
    private Vfs vfs;
    private Path mountPoint;
    private FuseMount mount;

    @BeforeAll
    void mount() throws Exception {
        kernel = new GuestKernel(QemuGuests.capture(GuestConfig.A));
        vfs = new Vfs(kernel);
        mountPoint = Files.createTempDirectory("memvfs-mount");
        mount = FuseMount.mount(vfs, mountPoint, FuseMount.Options.DEFAULT);
    }

    @AfterAll
    void unmount() throws Exception {
        mount.close();
        assertThat(MountTable.at(mountPoint)).isEmpty();
        Files.delete(mountPoint);
        kernel.memory().close();
    }

    private byte[] viaApi(String path) {
        long size = vfs.stat(path).size();
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        int done = 0;
        while (done < size) {
            done += vfs.read(path, done, buffer);
        }
        return buffer.array();
    }

    private List<String> apiPaths(String directory) {
        List<String> paths = new ArrayList<>();
        for (DirectoryEntry entry : vfs.list(directory)) {
            String path = directory.isEmpty() ? entry.name() : directory + "/" + entry.name();
            paths.add(path);
            if (entry.directory()) {
                paths.addAll(apiPaths(path));
            }
        }
        return paths;
    }

    /**
     * jffi attaches a native thread to the JVM, a new java.lang.Thread each time, around every callback
     * it runs until that thread has made 1,000: served on libfuse's own threads, 64 MiB (512 reads of
     * 128 KiB) started hundreds of threads. Served on the mount's own Java threads, none.
     */
    @Test
    void readsAreServedOnTheMountsOwnThreadsWithoutAThreadAttachedPerRequest() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startedBefore = threads.getTotalStartedThreadCount();
        Tools.Result dd = Tools.shell(mountPoint, "dd if=memory.pmem of=/dev/null bs=1M count=64 iflag=direct status=none");
        assertThat(dd.status()).as(dd.err()).isZero();
        assertThat(threads.getTotalStartedThreadCount() - startedBefore).isLessThan(16);
    }

    @Test
    void lsListsEveryProcessAndFindCountsWhatTheApiCounts() {
        Tools.Result ls = Tools.run(mountPoint, "ls", "-R", ".");
        assertThat(ls.status()).as(ls.err()).isZero();
        for (OsProcess process : kernel.processes()) {
            assertThat(ls.out()).contains("./pid/" + process.pid() + ":").contains(process.name() + "-" + process.pid());
        }
        Tools.Result find = Tools.shell(mountPoint, "find . -mindepth 1 | wc -l");
        assertThat(find.out().strip()).isEqualTo(Integer.toString(apiPaths("").size()));
    }

    @Test
    void catOfEveryTextFileEqualsTheApiAndStatSizesEqualTheBytes() {
        int checked = 0;
        for (String path : apiPaths("")) {
            if (vfs.stat(path).directory() || !path.endsWith(".txt")) {
                continue;
            }
            Tools.Result cat = Tools.run(mountPoint, "cat", path);
            assertThat(cat.status()).as("cat %s: %s", path, cat.err()).isZero();
            assertThat(cat.out().getBytes(StandardCharsets.ISO_8859_1)).as(path).isEqualTo(viaApi(path));
            Tools.Result stat = Tools.run(mountPoint, "stat", "-c", "%s %a", path);
            assertThat(stat.out().strip()).isEqualTo(cat.out().length() + (vfs.stat(path).writable() ? " 644" : " 444"));
            checked++;
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void echoIntoVirtTxtThenCatShowsTheWalkAndXxdTheTableAndPage() {
        OsProcess process = kernel.processes().get(0);
        Workload workload = kernel.capture().workloads().stream().filter(w -> w.pid() == process.pid()).findFirst().orElseThrow();
        String dir = "pid/" + process.pid() + "/virt2phys";
        Va va = new Va(workload.bigVa() + 0x20_1234);
        Tools.Result echo = Tools.shell(mountPoint, "echo 0x" + Long.toHexString(va.value()) + " > " + dir + "/virt.txt");
        assertThat(echo.status()).as(echo.err()).isZero();
        Tools.Result cat = Tools.run(mountPoint, "cat", dir + "/phys.txt", dir + "/map.txt");
        String pa = process.addressSpace().translate(va).pa().orElseThrow().toString();
        assertThat(cat.out()).startsWith(pa + "\n").contains("PAGE " + process.addressSpace().translate(va).pa().orElseThrow()
                .alignDown(4096)).contains("mapped: 2M page");
        Tools.Result xxd = Tools.run(mountPoint, "xxd", "-p", "-l", "64", dir + "/page.mem");
        ByteBuffer page = ByteBuffer.allocate(64);
        kernel.memory().read(process.addressSpace().translate(va).pa().orElseThrow().alignDown(4096), page);
        assertThat(xxd.out().replace("\n", "")).isEqualTo(java.util.HexFormat.of().formatHex(page.array()));
    }

    @Test
    void nonsenseIntoVirtTxtFailsAndKeepsTheOldValue() {
        OsProcess process = kernel.processes().get(1);
        String path = "pid/" + process.pid() + "/virt2phys/virt.txt";
        assertThat(Tools.shell(mountPoint, "echo 7ff6c0001234 > " + path).status()).isZero();
        assertThat(Tools.shell(mountPoint, "echo nonsense > " + path).status()).isNotZero();
        // dash's echo reports any write error as "I/O error"; bash names the errno
        Tools.Result bad = Tools.run(mountPoint, "bash", "-c", "echo nonsense > " + path);
        assertThat(bad.status()).isNotZero();
        assertThat(bad.err()).contains("Invalid argument");
        assertThat(Tools.run(mountPoint, "cat", path).out()).isEqualTo("00007ff6c0001234\n");
    }

    @Test
    void grepFindsEachWorkloadsMarkersInItsOwnVmemdOnly() {
        for (OsProcess process : kernel.processes()) {
            String marker = String.format("QGMARK name=%-8.8s pid=%-6d", process.name(), process.pid());
            Tools.Result grep = Tools.shell(mountPoint, "grep -r -l -F '" + marker + "' pid/*/vmemd");
            assertThat(grep.status()).as(grep.err()).isZero();
            assertThat(grep.out().lines().toList()).isNotEmpty().allMatch(line -> line.startsWith("pid/" + process.pid() + "/"));
        }
    }

    @Test
    void writesToReadOnlyFilesAndChangesToTheTreeAreRefused() {
        assertThat(Tools.shell(mountPoint, "echo x > sys/version.txt").err()).contains("Permission denied");
        assertThat(Tools.run(mountPoint, "mkdir", "newdir").err()).contains("Read-only file system");
        assertThat(Tools.run(mountPoint, "rm", "-f", "sys/version.txt").err()).contains("Read-only file system");
        assertThat(Tools.run(mountPoint, "cat", "no-such-file").err()).contains("No such file or directory");
    }

    @Test
    void onlyALiveMountAsksTheKernelToForgetNamesAndAttributesSoon() {
        assertThat(String.join(" ", FuseMount.fuseOptions(FuseMount.Options.DEFAULT, false))).doesNotContain("timeout");
        assertThat(String.join(" ", FuseMount.fuseOptions(FuseMount.Options.DEFAULT, true)))
                .contains("attr_timeout=" + FuseMount.LIVE_TIMEOUT_SECONDS).contains("entry_timeout=" + FuseMount.LIVE_TIMEOUT_SECONDS);
    }

    @Test
    void aPythonWalkReadsEveryTextFile() {
        String script = """
                import os, sys
                count = 0
                for root, dirs, files in os.walk('.'):
                    for name in files:
                        if name.endswith('.txt'):
                            with open(os.path.join(root, name), 'rb') as f:
                                data = f.read()
                            if len(data) != os.path.getsize(os.path.join(root, name)):
                                sys.exit('size mismatch: ' + os.path.join(root, name))
                            count += 1
                print(count)
                """;
        Tools.Result python = Tools.run(mountPoint, script.getBytes(StandardCharsets.UTF_8), "python3", "-");
        assertThat(python.status()).as(python.err()).isZero();
        long expected = apiPaths("").stream().filter(p -> p.endsWith(".txt") && !vfs.stat(p).directory()).count();
        assertThat(python.out().strip()).isEqualTo(Long.toString(expected));
    }
}
