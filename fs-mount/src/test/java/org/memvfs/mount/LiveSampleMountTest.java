package org.memvfs.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;
import org.memvfs.vfs.RefreshPeriods;
import org.memvfs.vfs.win.LiveSample;
import org.memvfs.win.sample.SamplePlant;
import org.memvfs.win.sample.SampleProcess;

/**
 * A Windows sample mounted live from its RAM file in /dev/shm, changed under the mount as a
 * running kernel would change it (see {@link LiveSample}): processes linked and unlinked, a page
 * moved to another frame. Everything is read through the kernel's FUSE mount with Java's file API
 * and real tools, while readers keep reading.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveSampleMountTest {
    private static final RefreshPeriods PERIODS = new RefreshPeriods(Duration.ofMillis(200), Duration.ofSeconds(1));
    /** How late a change may show beyond its refresh period: the refresh itself, and a busy 2-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(2);
    private LiveSample sample;
    private KernelLoader.Session session;
    private Path mountPoint;
    private FuseMount mount;

    @BeforeAll
    void mount() throws IOException {
        sample = LiveSample.create("win10-19041-x64", "memvfs-live-sample-mount-test-" + ProcessHandle.current().pid());
        session = KernelLoader.open(KernelLoader.Request.live(sample.ramFile(), PERIODS), null);
        mountPoint = Files.createTempDirectory("memvfs-live-mount");
        mount = FuseMount.mount(session.vfs(), mountPoint, FuseMount.Options.DEFAULT);
    }

    @AfterAll
    void unmount() throws IOException {
        try {
            mount.close();
            session.close();
        } finally {
            sample.close();
            Files.deleteIfExists(mountPoint);
        }
    }

    private void setRefresh(String settings) {
        Tools.Result echo = Tools.shell(mountPoint, "echo '" + settings + "' > conf/refresh.txt");
        assertThat(echo.status()).as(echo.err()).isZero();
    }

    private static String read(FileChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining() && file.read(buffer, position + buffer.position()) > 0) {
            // a short read goes on where it stopped
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
    }

    /** Polls (every 10 ms, at most {@code limit}) until {@code path} exists or not; returns how long it took. */
    private Duration awaitExists(String path, boolean exists, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        while (Files.exists(mountPoint.resolve(path)) != exists) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waiting for %s to %s", path, exists ? "appear" : "go")
                    .isLessThan(limit);
            Thread.sleep(10);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void processesAppearAndGoWithTheProcessRefreshWhileReadersSeeNoError() throws Exception {
        SampleProcess notepad = sample.process("notepad.exe");
        SamplePlant plant = sample.manifest().planted();
        SampleProcess leaving = sample.manifest().processes().stream()
                .filter(p -> p.pid() != notepad.pid() && p.pid() != plant.pid() && p.pid() > 4)
                .reduce((first, second) -> second).orElseThrow();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread reader = new Thread(() -> {
                try (FileChannel vmem = FileChannel.open(mountPoint.resolve("pid/" + plant.pid() + "/memory.vmem"))) {
                    while (running.get()) {
                        try {
                            Files.readAllBytes(mountPoint.resolve("sys/proc/proc.txt"));
                            Files.readAllBytes(mountPoint.resolve("conf/refresh.txt"));
                            Files.readAllBytes(mountPoint.resolve("pid/" + notepad.pid() + "/memmap/vad.txt"));
                            try (Stream<Path> pids = Files.list(mountPoint.resolve("pid"))) {
                                assertThat(pids.map(p -> p.getFileName().toString())).contains(Integer.toString(notepad.pid()));
                            }
                            assertThat(read(vmem, plant.va().value(), plant.text().length())).isEqualTo(plant.text());
                            reads.addAndGet(5);
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                } catch (IOException e) {
                    failures.add(e);
                }
            }, "live-reader-" + r);
            reader.start();
            readers.add(reader);
        }
        try {
            Duration limit = PERIODS.processes().plus(SLACK);
            Va added = sample.addProcess(notepad, 7777);
            Duration appeared = awaitExists("pid/7777", true, limit);
            assertThat(Tools.run(mountPoint, "cat", "pid/7777/name.txt", "pid/7777/pid.txt").out()).isEqualTo("notepad.exe\n7777\n");
            assertThat(Files.exists(mountPoint.resolve("name/notepad.exe-7777"))).isTrue();

            sample.unlink(added);
            Duration addedGone = awaitExists("pid/7777", false, limit);
            sample.unlink(leaving.eprocess());
            Duration originalGone = awaitExists("pid/" + leaving.pid(), false, limit);
            assertThat(Tools.run(mountPoint, "ls", "name").out()).doesNotContain(leaving.imageFileName() + "-" + leaving.pid());
            assertThat(Tools.run(mountPoint, "cat", "sys/proc/proc.txt").out()).doesNotContain("# partial");
            System.out.printf("LiveSampleMountTest: process period %d s: pid 7777 appeared after %d ms, went %d ms after "
                            + "its unlinking; %s (pid %d) went after %d ms%n", PERIODS.processes().toSeconds(),
                    appeared.toMillis(), addedGone.toMillis(), leaving.imageFileName(), leaving.pid(), originalGone.toMillis());
        } finally {
            running.set(false);
            for (Thread reader : readers) {
                reader.join(Duration.ofSeconds(30).toMillis());
            }
        }
        assertThat(failures).as("failures of %d reads", reads.get()).isEmpty();
        assertThat(reads.get()).isGreaterThan(50);
        System.out.printf("LiveSampleMountTest: %d reads by 2 readers, no error%n", reads.get());
    }

    @Test
    void aMovedPageIsReadFromItsNewFrameOnceTheMemoryPeriodHasPassedAndNeverFromTheKernelsCache() throws Exception {
        SamplePlant plant = sample.manifest().planted();
        Pa root = sample.manifest().process(plant.pid()).dtb();
        Pa frame = sample.freeFrame();
        String moved = "moved to frame " + frame;
        sample.write(frame.plus(plant.va().value() & 0xfff), moved.getBytes(StandardCharsets.ISO_8859_1));
        // one open file for the whole test: a page cache would serve its old bytes to it
        try (FileChannel vmem = FileChannel.open(mountPoint.resolve("pid/" + plant.pid() + "/memory.vmem"))) {
            setRefresh("memory-ms=3600000 processes-s=86400");
            assertThat(read(vmem, plant.va().value(), plant.text().length())).isEqualTo(plant.text());
            Pa old = sample.remap(root, plant.va(), frame);
            // no refresh is due for an hour: the cached translation still leads to the old frame
            assertThat(read(vmem, plant.va().value(), plant.text().length())).isEqualTo(plant.text());
            setRefresh("1");
            assertThat(read(vmem, plant.va().value(), moved.length())).isEqualTo(moved);

            setRefresh("memory-ms=" + PERIODS.memory().toMillis());
            sample.remap(root, plant.va(), old);
            long remapped = System.nanoTime();
            // the guarantee: a read that starts one memory period after the change sees it
            Thread.sleep(PERIODS.memory().toMillis());
            assertThat(read(vmem, plant.va().value(), plant.text().length())).isEqualTo(plant.text());
            long seenAfter = System.nanoTime() - remapped;

            sample.remap(root, plant.va(), frame);
            long movedAgain = System.nanoTime();
            while (!read(vmem, plant.va().value(), moved.length()).equals(moved)) {
                assertThat(Duration.ofNanos(System.nanoTime() - movedAgain)).isLessThan(PERIODS.memory().plus(SLACK));
                Thread.sleep(5);
            }
            long firstSeen = System.nanoTime() - movedAgain;
            System.out.printf("LiveSampleMountTest: memory period %d ms: a moved page read from its new frame %d ms after "
                            + "the move (read started after one period); polling every 5 ms saw it after %d ms%n",
                    PERIODS.memory().toMillis(), Duration.ofNanos(seenAfter).toMillis(), Duration.ofNanos(firstSeen).toMillis());
            sample.remap(root, plant.va(), old);
        } finally {
            setRefresh("memory-ms=" + PERIODS.memory().toMillis() + " processes-s=" + PERIODS.processes().toSeconds() + " 1");
        }
    }

    @Test
    void refreshTxtIsShownAndSetThroughTheMountAndRefusesNonsense() {
        Tools.Result cat = Tools.run(mountPoint, "cat", "conf/refresh.txt");
        assertThat(cat.out()).startsWith("memory-ms=" + PERIODS.memory().toMillis() + "\nprocesses-s="
                + PERIODS.processes().toSeconds() + "\n").contains("echo 1 > conf/refresh.txt");
        assertThat(Tools.run(mountPoint, "stat", "-c", "%a", "conf/refresh.txt").out().strip()).isEqualTo("644");
        // coreutils' echo names the errno (dash's builtin says "I/O error" for any failed write)
        Tools.Result bad = Tools.shell(mountPoint, "/bin/echo often > conf/refresh.txt");
        assertThat(bad.status()).isNotZero();
        assertThat(bad.err()).contains("Invalid argument");
        String before = cat.out().lines().filter(l -> l.startsWith("process-refreshes=")).findFirst().orElseThrow();
        setRefresh("1");
        String after = Tools.run(mountPoint, "cat", "conf/refresh.txt").out().lines()
                .filter(l -> l.startsWith("process-refreshes=")).findFirst().orElseThrow();
        assertThat(Long.parseLong(after.split("=")[1])).isGreaterThan(Long.parseLong(before.split("=")[1]));
    }
}
