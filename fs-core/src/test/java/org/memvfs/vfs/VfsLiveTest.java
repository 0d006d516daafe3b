package org.memvfs.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.image.ImageFormat;
import org.memvfs.mmu.image.ImageOptions;
import org.memvfs.mmu.image.MemoryImages;
import org.memvfs.vfs.win.LiveSample;
import org.memvfs.vfs.win.WindowsOsKernel;
import org.memvfs.win.KernelOptions;
import org.memvfs.win.sample.SamplePlant;
import org.memvfs.win.sample.SampleProcess;

/**
 * The tree over live memory, through its API: a Windows sample in a RAM file that the test changes
 * as a running kernel would (see {@link LiveSample}). The schedule is set to an hour here, so
 * that every refresh in these tests is one the test asks for, or a reader's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VfsLiveTest {
    private static final RefreshPeriods HOUR = new RefreshPeriods(Duration.ofHours(1), Duration.ofHours(24));
    private LiveSample sample;
    private PhysicalMemory memory;
    private Vfs vfs;

    @BeforeAll
    void open() {
        sample = LiveSample.create("win10-19041-x64", "memvfs-vfs-live-test-" + ProcessHandle.current().pid());
        memory = MemoryImages.open(sample.ramFile(), ImageOptions.DEFAULT.withFormat(ImageFormat.LIVE));
        vfs = new Vfs(WindowsOsKernel.open(memory, new MemoryCaches(), KernelOptions.DEFAULT), VfsOptions.DEFAULT.withRefresh(HOUR));
    }

    @AfterAll
    void close() {
        vfs.close();
        memory.close();
        sample.close();
    }

    private String text(String path) {
        ByteBuffer buffer = ByteBuffer.allocate((int) vfs.stat(path).size() + 4096);
        int n = vfs.read(path, 0, buffer);
        return new String(buffer.array(), 0, n, StandardCharsets.UTF_8);
    }

    private void write(String path, String text) {
        vfs.write(path, 0, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String vmem(int pid, Va va, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        vfs.read("pid/" + pid + "/memory.vmem", va.value(), buffer);
        return new String(buffer.array(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aStaticImageHasNoRefreshFileAndNeverRefreshes() {
        try (PhysicalMemory raw = MemoryImages.open(sample.ramFile())) {
            Vfs fixed = new Vfs(WindowsOsKernel.open(raw, new MemoryCaches(), KernelOptions.DEFAULT));
            assertThat(fixed.isLive()).isFalse();
            assertThat(fixed.refreshPeriods()).isEmpty();
            assertThat(fixed.names("conf")).containsExactly("statistics.txt");
            fixed.close();
        }
        assertThat(vfs.isLive()).isTrue();
        assertThat(vfs.names("conf")).containsExactly("statistics.txt", "refresh.txt");
    }

    @Test
    void refreshTxtShowsThePeriodsAndTakesWholeWritesOnly() {
        String path = "conf/refresh.txt";
        assertThat(vfs.stat(path).writable()).isTrue();
        assertThat(text(path)).startsWith("memory-ms=3600000\nprocesses-s=86400\n");
        write(path, "memory-ms=3500000\n");
        assertThat(text(path)).startsWith("memory-ms=3500000\n");
        assertThat(vfs.refreshPeriods()).contains(HOUR.withMemory(Duration.ofMillis(3_500_000)));
        vfs.truncate(path, 0);
        assertThatThrownBy(() -> write(path, "often")).isInstanceOf(VfsException.class)
                .satisfies(e -> assertThat(((VfsException) e).kind()).isEqualTo(VfsException.Kind.INVALID_ARGUMENT))
                .hasMessageContaining("unknown setting 'often'");
        assertThatThrownBy(() -> vfs.write(path, 3, ByteBuffer.wrap("1".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(VfsException.class).hasMessageContaining("at once");
        write(path, "memory-ms=3600000");
        assertThat(vfs.refreshPeriods()).contains(HOUR);
    }

    @Test
    void aLinkedProcessAppearsAndUnlinkedOnesGoWithTheNextProcessRefresh() {
        SampleProcess notepad = sample.process("notepad.exe");
        Va added = sample.addProcess(notepad, 7777);
        assertThat(vfs.names("pid")).doesNotContain("7777");
        write("conf/refresh.txt", "1");
        assertThat(vfs.names("pid")).contains("7777");
        assertThat(vfs.names("name")).contains("notepad.exe-7777");
        assertThat(text("pid/7777/pid.txt")).isEqualTo("7777\n");
        assertThat(text("pid/7777/name.txt")).isEqualTo("notepad.exe\n");
        assertThat(text("sys/proc/proc.txt")).containsPattern("notepad\\.exe\\s+7777 ");

        sample.unlink(added);
        SampleProcess leaving = sample.manifest().processes().get(sample.manifest().processes().size() - 1);
        sample.unlink(leaving.eprocess());
        vfs.refresh();
        assertThat(vfs.names("pid")).doesNotContain("7777", Integer.toString(leaving.pid()));
        assertThat(text("sys/proc/proc.txt")).doesNotContainPattern("\\s" + leaving.pid() + "\\s");
        assertThat(text("sys/proc/proc.txt")).doesNotContain("# partial");
        // put it back for the other tests
        sample.addProcess(sample.manifest().processes().get(0), leaving.pid());
    }

    @Test
    void aRemappedPageIsReadAtItsOldFrameUntilTheMemoryRefreshAndAtItsNewOneAfter() throws InterruptedException {
        SamplePlant plant = sample.manifest().planted();
        Pa root = sample.manifest().process(plant.pid()).dtb();
        Pa frame = sample.freeFrame();
        String moved = "the page was moved here";
        sample.write(frame.plus(plant.va().value() & 0xfff), moved.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(vmem(plant.pid(), plant.va(), plant.text().length())).isEqualTo(plant.text());

        Pa old = sample.remap(root, plant.va(), frame);
        // the translation is cached and no refresh is due for an hour
        assertThat(vmem(plant.pid(), plant.va(), plant.text().length())).isEqualTo(plant.text());
        write("conf/refresh.txt", "memory-ms=10");
        Thread.sleep(20);
        // the schedule restarted with the new period, but the reader's own check does not wait for it
        assertThat(vmem(plant.pid(), plant.va(), moved.length())).isEqualTo(moved);
        write("conf/refresh.txt", "memory-ms=3600000");
        sample.remap(root, plant.va(), old);
        write("conf/refresh.txt", "1");
        assertThat(vmem(plant.pid(), plant.va(), plant.text().length())).isEqualTo(plant.text());
    }

    @Test
    void readersNeverFailWhileProcessesComeAndGoAndTheTreeIsSwapped() throws InterruptedException {
        SampleProcess notepad = sample.process("notepad.exe");
        SamplePlant plant = sample.manifest().planted();
        List<String> paths = List.of("sys/proc/proc.txt", "pid/" + notepad.pid() + "/memmap/vad.txt",
                "pid/" + notepad.pid() + "/threads/threads.txt", "conf/statistics.txt", "conf/refresh.txt");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new java.util.ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Thread reader = new Thread(() -> {
                while (running.get()) {
                    try {
                        for (String path : paths) {
                            text(path);
                        }
                        assertThat(vfs.names("pid")).contains(Integer.toString(notepad.pid()));
                        assertThat(vmem(plant.pid(), plant.va(), plant.text().length())).isEqualTo(plant.text());
                        reads.addAndGet(paths.size() + 2);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        int pid = 8000;
        int swaps = 0;
        // each added process takes a free frame: the loop stops at a hundred
        while (System.nanoTime() < deadline && swaps < 200) {
            Va added = sample.addProcess(notepad, pid);
            vfs.refresh();
            sample.unlink(added);
            vfs.refresh();
            pid += 4;
            swaps += 2;
        }
        running.set(false);
        for (Thread reader : readers) {
            reader.join(Duration.ofSeconds(30).toMillis());
        }
        assertThat(failures).as("failures of %d reads during %d tree swaps", reads.get(), swaps).isEmpty();
        assertThat(reads.get()).isGreaterThan(100);
        assertThat(swaps).isGreaterThan(4);
        System.out.printf("VfsLiveTest: %d reads, no failure, during %d tree swaps%n", reads.get(), swaps);
    }
}
