package org.memvfs.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.vfs.win.LiveSample;

/** {@code memvfs mount --live}: the command line as an analyst types it, on a Windows sample's RAM file in /dev/shm. */
class MountCommandTest {
    private static final Duration MOUNT_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void mountLiveRefreshesOnTheScheduleGivenAndShowsItInConf() throws Exception {
        // not under @TempDir: JUnit would walk into a mount left by a failure
        Path mountPoint = Files.createTempDirectory("memvfs-mount-command");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (LiveSample sample = LiveSample.create("win10-19041-x64", "memvfs-mount-command-test-" + ProcessHandle.current().pid())) {
            StringWriter out = new StringWriter();
            Future<Integer> mounted = executor.submit(() -> Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                    "mount", "--live", sample.ramFile().toString(), mountPoint.toString(),
                    "--refresh-memory-ms", "250", "--refresh-processes-s", "3"));
            long deadline = System.nanoTime() + MOUNT_WAIT.toNanos();
            while (MountTable.at(mountPoint).isEmpty()) {
                assertThat(mounted.isDone()).as("memvfs mount ended: %s", out).isFalse();
                assertThat(System.nanoTime()).as("mounted within %s", MOUNT_WAIT).isLessThan(deadline);
                Thread.sleep(20);
            }
            try {
                assertThat(Tools.run(mountPoint, "cat", "conf/refresh.txt").out()).startsWith("memory-ms=250\nprocesses-s=3\n");
                assertThat(Tools.run(mountPoint, "ls", "pid").out()).contains(Integer.toString(sample.process("notepad.exe").pid()));
            } finally {
                // as a user would end it from another terminal; root may lack fusermount
                Tools.Result umount = Tools.shell(dir, "fusermount -u " + mountPoint + " 2>/dev/null || umount " + mountPoint);
                assertThat(umount.status()).as(umount.err()).isZero();
            }
            assertThat(mounted.get(30, TimeUnit.SECONDS)).isZero();
            assertThat(out.toString()).contains("format:    live — live RAM of a QEMU pc guest in " + sample.ramFile())
                    .contains("refresh:   live: caches every 250 ms, processes every 3 s (conf/refresh.txt)");
        } finally {
            executor.shutdownNow();
            if (MountTable.at(mountPoint).isPresent()) {
                Tools.run(dir, "umount", "-l", mountPoint.toString());
            }
            Files.deleteIfExists(mountPoint);
        }
    }

    @Test
    void liveWithAnotherFormatOrAPeriodOutOfRangeIsOneClearLine() throws Exception {
        Path ram = Files.write(dir.resolve("ram"), new byte[1 << 20]);
        CommandRun format = CommandRun.of("mount", "--live", "--format", "raw", ram.toString(), dir.toString());
        assertThat(format.status()).isEqualTo(1);
        assertThat(format.err()).contains("--live").contains("--format raw");
        CommandRun often = CommandRun.of("mount", "--live", ram.toString(), dir.toString(), "--refresh-memory-ms", "5");
        assertThat(often.status()).isEqualTo(1);
        assertThat(often.err()).contains("10 to 3600000 ms");
        CommandRun empty = CommandRun.of("ls", "--live", Files.write(dir.resolve("empty"), new byte[0]).toString(), "pid");
        assertThat(empty.status()).isEqualTo(1);
        assertThat(empty.err()).contains("empty");
    }
}
