package org.memvfs.mount;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.image.MemoryImages;
import org.memvfs.win.sample.SampleImage;
import org.memvfs.win.sample.SampleImages;
import org.memvfs.win.sample.SampleManifest;
import org.memvfs.win.sample.SampleProcess;
import org.memvfs.win.sample.SampleVad;

/**
 * A soak of a real mount: {@code memvfs mount} in a JVM of its own over the sample image, and 16
 * readers at once for a set time — random files at random offsets (checked against the image and
 * against their first reading), {@code grep -r} over process memory, {@code ls -R}, writes to
 * {@code virt.txt} checked against the page tables, {@code xxd} and {@code cat} — while the mount's
 * heap, resident size, threads and file descriptors are sampled. Every operation must succeed;
 * afterwards the mount's file descriptors and threads must be what they were before the load.
 *
 * <pre>java … org.memvfs.mount.MountSoak --seconds N</pre>
 */
public final class MountSoak {
    static final int READERS = 16;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    /** How often the sampler also forces a full GC, to see the live heap rather than the garbage. */
    private static final int FULL_GC_EVERY_SAMPLES = 6;
    private static final Duration SETTLE = Duration.ofSeconds(4);
    private static final int MAX_READ = 128 << 10;

    /** What a soak did and measured. */
    record Report(Duration time, Map<String, Long> operations, List<String> errors, long errorCount, long heapBefore,
            long heapPeak, long liveHeapPeak, long heapAfter, long rssPeak, int threadsBefore, int threadsPeak,
            int threadsAfter, List<String> fdsBefore, List<String> fdsAfter) {

        long totalOperations() {
            return operations.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public String toString() {
            return String.format("soak: %d readers for %d s: %d operations %s%n"
                    + "  errors (warm-up included): %d%s%n"
                    + "  mount heap (-Xmx1g): %d MiB live after warm-up; during the soak %d MiB used at most (garbage included), "
                    + "%d MiB live at most (reachable objects, counted every 30 s); %d MiB live at the end%n"
                    + "  mount resident size: %d MiB at most%n"
                    + "  mount threads: %d before, %d at most, %d after%n"
                    + "  mount file descriptors: %d before, %d after%s%n",
                    READERS, time.toSeconds(), totalOperations(), operations, errorCount,
                    errors.isEmpty() ? "" : "\n    " + String.join("\n    ", errors), heapBefore >> 20, heapPeak >> 20,
                    liveHeapPeak >> 20, heapAfter >> 20, rssPeak >> 20, threadsBefore, threadsPeak, threadsAfter, fdsBefore.size(), fdsAfter.size(),
                    fdsBefore.equals(fdsAfter) ? " (the same)" : " (differ: before " + fdsBefore + ", after " + fdsAfter + ")");
        }
    }

    private final Path work;
    private final SampleImage sample;
    private final SampleManifest manifest;
    private final Path image;
    private final Path mountPoint;
    private final Map<String, AtomicLong> operations = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final AtomicLong errorCount = new AtomicLong();
    private final Map<Path, byte[]> firstReadings = new ConcurrentHashMap<>();
    private final Map<String, String> firstListings = new ConcurrentHashMap<>();
    private List<Path> files;
    private volatile long stopAt;

    MountSoak(Path work) {
        this.work = work;
        this.sample = SampleImages.build(DemoCommand.DEFAULT_BUILD);
        this.manifest = sample.manifest();
        this.image = work.resolve("soak.raw");
        this.mountPoint = work.resolve("mount");
        sample.writeRaw(image);
    }

    /** Mounts, warms up, soaks for {@code time}, measures, unmounts. */
    Report run(Duration time, PrintStream log) throws Exception {
        Files.createDirectories(mountPoint);
        try (MemvfsJvm memvfs = MemvfsJvm.mount("1g", "mount", image.toString(), mountPoint.toString())) {
            try (Stream<Path> walk = Files.walk(mountPoint.resolve("pid"))) {
                List<Path> found = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
                found.addAll(List.of(mountPoint.resolve("memory.pmem"), mountPoint.resolve("memory.dmp"),
                        mountPoint.resolve("sys/proc/proc.txt"), mountPoint.resolve("sys/version.txt")));
                files = List.copyOf(found);
            }
            log.printf("soak: %d files on the mount; warming up for %d s%n", files.size(), WARM_UP.toSeconds());
            memvfs.heapUsed(); // the first jcmd starts the JVM's attach listener: before the baseline, not in it
            load(WARM_UP);
            Thread.sleep(SETTLE.toMillis());
            long heapBefore = memvfs.liveHeap();
            int threadsBefore = Integer.parseInt(memvfs.status("Threads"));
            List<String> fdsBefore = memvfs.fileDescriptors();
            operations.clear();

            long[] peaks = {0, 0, threadsBefore, heapBefore};
            Thread sampler = new Thread(() -> {
                for (int sample = 1; System.nanoTime() < stopAt; sample++) {
                    pause(SAMPLE_EVERY.toMillis());
                    peaks[0] = Math.max(peaks[0], memvfs.heapUsed());
                    if (sample % FULL_GC_EVERY_SAMPLES == 0) {
                        peaks[3] = Math.max(peaks[3], memvfs.liveHeap());
                    }
                    peaks[1] = Math.max(peaks[1], kib(memvfs.status("VmRSS")));
                    peaks[2] = Math.max(peaks[2], Integer.parseInt(memvfs.status("Threads")));
                }
            }, "soak-sampler");
            stopAt = System.nanoTime() + time.toNanos();
            sampler.start();
            log.printf("soak: %d readers for %d s%n", READERS, time.toSeconds());
            load(time);
            sampler.join();
            Thread.sleep(SETTLE.toMillis());
            long heapAfter = memvfs.liveHeap();
            int threadsAfter = Integer.parseInt(memvfs.status("Threads"));
            List<String> fdsAfter = memvfs.fileDescriptors();
            memvfs.signal("TERM");
            if (memvfs.waitFor(Duration.ofSeconds(30)) < 0) {
                error("unmount", "memvfs still running 30 s after SIGTERM:\n" + memvfs.output());
            }
            if (MountTable.at(mountPoint).isPresent()) {
                error("unmount", "the mount is still there after memvfs ended");
            }
            Map<String, Long> counts = new TreeMap<>();
            operations.forEach((k, v) -> counts.put(k, v.get()));
            return new Report(time, counts, List.copyOf(errors.subList(0, Math.min(errors.size(), 20))),
                    errorCount.get(), heapBefore, peaks[0], Math.max(peaks[3], heapAfter), heapAfter, peaks[1], threadsBefore,
                    (int) peaks[2], threadsAfter, fdsBefore, fdsAfter);
        }
    }

    private static long kib(String status) {
        return Long.parseLong(status.replace("kB", "").strip()) << 10;
    }

    /** The 16 readers, each doing one kind of work over and over until {@code time} has passed. */
    private void load(Duration time) throws InterruptedException {
        stopAt = System.nanoTime() + time.toNanos();
        List<SampleProcess> writers = manifest.processes().stream().filter(p -> p.isRunning() && p.vads().size() > 3)
                .limit(3).toList();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            int n = i;
            Random random = new Random(1000 + i);
            Runnable work = switch (n) {
                case 0, 1, 2, 3, 4, 5 -> () -> randomRead(random);
                case 6, 7 -> () -> grep(random);
                case 8, 9 -> () -> listRecursively(random);
                case 10, 11, 12 -> () -> writeVirt(writers.get(n - 10), random);
                case 13 -> () -> xxd(random);
                case 14 -> () -> tool("cat", "cat sys/proc/proc.txt pid/*/memmap/vad.txt > /dev/null");
                default -> () -> tool("find", "find pid/" + process(random).pid() + " -name '*.txt' -exec cat {} + > /dev/null");
            };
            Thread reader = new Thread(() -> {
                while (System.nanoTime() < stopAt) {
                    try {
                        work.run();
                    } catch (RuntimeException | AssertionError e) {
                        error("reader " + n, e.toString());
                    }
                }
            }, "soak-reader-" + i);
            readers.add(reader);
            reader.start();
        }
        for (Thread reader : readers) {
            reader.join();
        }
    }

    private void count(String kind) {
        operations.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    private void error(String kind, String what) {
        errorCount.incrementAndGet();
        if (errors.size() < 100) {
            errors.add(kind + ": " + what);
        }
    }

    private SampleProcess process(Random random) {
        return manifest.processes().get(random.nextInt(manifest.processes().size()));
    }

    /** A random file at a random offset; physical memory checked against the image, text against its first reading. */
    private void randomRead(Random random) {
        Path file = files.get(random.nextInt(files.size()));
        String name = file.getFileName().toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                count("read");
                return;
            }
            long offset = Math.floorMod(random.nextLong(), size);
            int length = (int) Math.min(1 + random.nextInt(MAX_READ), size - offset);
            ByteBuffer bytes = ByteBuffer.allocate(length);
            while (bytes.hasRemaining() && channel.read(bytes, offset + bytes.position()) > 0) {
                // reads until the buffer is full
            }
            if (bytes.hasRemaining()) {
                error("read", file + " ended at " + (offset + bytes.position()) + " of " + size);
            } else if (name.equals("memory.pmem")) {
                byte[] expected = new byte[length];
                try (RandomAccessFile raw = new RandomAccessFile(image.toFile(), "r")) {
                    raw.seek(offset);
                    raw.readFully(expected);
                }
                if (!Arrays.equals(expected, bytes.array())) {
                    error("read", "memory.pmem at " + offset + " differs from the image");
                }
            } else if (name.endsWith(".txt") && !file.toString().contains("virt2phys")) {
                byte[] whole = firstReadings.computeIfAbsent(file, f -> readAll(f));
                if (!Arrays.equals(Arrays.copyOfRange(whole, (int) offset, (int) offset + length), bytes.array())) {
                    error("read", file + " at " + offset + " differs from its first reading");
                }
            }
            count("read");
        } catch (IOException e) {
            error("read", file + ": " + e);
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** grep -r over one process's memory: the planted string in its process and nowhere else. */
    private void grep(Random random) {
        SampleProcess p = process(random);
        Tools.Result grep = Tools.run(mountPoint, "grep", "-r", "-l", "-F", manifest.planted().text(), "pid/" + p.pid() + "/vmemd");
        boolean planted = p.pid() == manifest.planted().pid();
        if (grep.status() != (planted ? 0 : 1) || !grep.err().isEmpty() || grep.out().isEmpty() == planted) {
            error("grep", "pid " + p.pid() + ": status " + grep.status() + ", " + grep.out().strip() + " " + grep.err().strip());
        }
        count("grep -r");
    }

    private void listRecursively(Random random) {
        SampleProcess p = process(random);
        Tools.Result ls = Tools.run(mountPoint, "ls", "-R", "pid/" + p.pid());
        String first = firstListings.computeIfAbsent("pid/" + p.pid(), k -> ls.out());
        if (ls.status() != 0 || !ls.err().isEmpty() || !ls.out().equals(first)) {
            error("ls -R", "pid/" + p.pid() + ": status " + ls.status() + " " + ls.err().strip()
                    + (ls.out().equals(first) ? "" : " (a listing that differs from the first)"));
        }
        count("ls -R");
    }

    /** Writes an address into one process's virt.txt and checks phys.txt against the page tables. */
    private void writeVirt(SampleProcess p, Random random) {
        SampleVad vad = p.vads().get(random.nextInt(p.vads().size()));
        long va = vad.start().value() + (Math.floorMod(random.nextLong(), vad.size()) & -8L);
        Path dir = mountPoint.resolve("pid/" + p.pid() + "/virt2phys");
        try {
            Files.writeString(dir.resolve("virt.txt"), "0x" + Long.toHexString(va) + "\n", StandardCharsets.US_ASCII);
            String virt = Files.readString(dir.resolve("virt.txt"));
            String phys = Files.readString(dir.resolve("phys.txt"));
            Files.readAllBytes(dir.resolve("map.txt"));
            Files.readAllBytes(dir.resolve("page.mem"));
            if (!virt.equals(Hex.u64(va) + "\n")) {
                error("virt.txt", "pid " + p.pid() + " reads " + virt.strip() + " after " + Hex.u64(va) + " was written");
            }
            Translation t = tables(p).translate(new Va(va));
            if (t.isMapped() && !phys.equals(Hex.u64(t.pa().orElseThrow().value()) + "\n")) {
                error("virt.txt", "pid " + p.pid() + " " + Hex.u64(va) + ": phys.txt says " + phys.strip() + ", the tables "
                        + t.pa().orElseThrow());
            }
            count("virt.txt");
        } catch (IOException e) {
            error("virt.txt", "pid " + p.pid() + ": " + e);
        }
    }

    private final Map<Integer, AddressSpace> tables = new ConcurrentHashMap<>();
    private volatile PhysicalMemory imageMemory;

    /** The process's hardware page tables, read from the image file by the test, not through the mount. */
    private AddressSpace tables(SampleProcess p) {
        if (imageMemory == null) {
            synchronized (this) {
                if (imageMemory == null) {
                    imageMemory = MemoryImages.open(image);
                }
            }
        }
        return tables.computeIfAbsent(p.pid(), pid -> AddressSpace.of(imageMemory, manifest.mode(),
                manifest.mode().rootOf(p.dtb().value())));
    }

    private void xxd(Random random) {
        SampleProcess p = manifest.process(manifest.planted().pid());
        long va = manifest.planted().va().value();
        Tools.Result xxd = Tools.run(mountPoint, "xxd", "-l", "64", "-s", Long.toString(va), "pid/" + p.pid() + "/memory.vmem");
        if (xxd.status() != 0 || !xxd.err().isEmpty() || xxd.out().lines().count() != 4
                || !xxd.out().contains(manifest.planted().text().substring(0, 8))) {
            error("xxd", "status " + xxd.status() + " " + xxd.out().lines().findFirst().orElse("") + " " + xxd.err().strip());
        }
        count("xxd");
    }

    private void tool(String kind, String commandLine) {
        Tools.Result result = Tools.shell(mountPoint, commandLine);
        if (result.status() != 0 || !result.err().isEmpty()) {
            error(kind, commandLine + ": status " + result.status() + " " + result.err().strip());
        }
        count(kind);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a soak from the command line; exits 1 when anything failed or leaked. */
    public static void main(String[] args) throws Exception {
        long seconds = 600;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Long.parseLong(args[++i]);
            } else {
                System.err.println("usage: MountSoak [--seconds N]");
                System.exit(2);
            }
        }
        Path work = Files.createTempDirectory("memvfs-soak");
        Report report = new MountSoak(work).run(Duration.ofSeconds(seconds), System.out);
        System.out.print(report);
        try (Stream<Path> left = Files.walk(work)) {
            left.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        boolean clean = report.errorCount() == 0
                && report.fdsBefore().stream().filter(fd -> !fd.endsWith(".jar")).toList()
                        .equals(report.fdsAfter().stream().filter(fd -> !fd.endsWith(".jar")).toList())
                && report.threadsAfter() <= report.threadsBefore() + 2;
        System.exit(clean ? 0 : 1);
    }
}
