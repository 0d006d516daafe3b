package org.memvfs.vfs.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.image.MemoryImages;
import org.memvfs.vfs.Vfs;
import org.memvfs.vfs.fuzz.FuzzReport.Op;
import org.memvfs.vfs.win.WindowsOsKernel;
import org.memvfs.win.KernelOptions;
import org.memvfs.win.sample.SampleImages;
import org.memvfs.win.sample.SampleModule;
import org.memvfs.win.sample.SampleProcess;

/**
 * The fuzz harness: corrupts sample images ({@link Mutator}), opens each as memvfs opens an image
 * ({@link WindowsOsKernel#open}, then a {@link Vfs}), and walks the whole tree ({@link TreeWalk})
 * on a worker thread while this thread watches the deadline of each operation. An operation past
 * its deadline is a hang: it is reported and its thread abandoned. Runs for a number of images or
 * a time, from a seed, so that any image can be made again ({@code --replay PROFILE:SEED}).
 *
 * <pre>
 * java … org.memvfs.vfs.fuzz.Fuzzer [--seconds N | --images N] [--seed S] [--profiles a,b] [--deadline-seconds N]
 * </pre>
 */
public final class Fuzzer {
    /** How long a run goes and what it tries. */
    record Settings(List<String> profiles, long seed, int images, Duration time, Duration deadline) {
    }

    private static final int MAX_ABANDONED = 4;

    private final Map<String, FuzzSample> samples = new ConcurrentHashMap<>();
    private final FuzzReport report = new FuzzReport();
    private final Duration deadline;
    private ExecutorService worker = newWorker();
    private int abandoned;

    Fuzzer(Duration deadline) {
        this.deadline = deadline;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fuzz-walk");
            thread.setDaemon(true);
            return thread;
        });
    }

    FuzzReport report() {
        return report;
    }

    FuzzSample sample(String profile) {
        return samples.computeIfAbsent(profile, FuzzSample::build);
    }

    /** Runs images until {@code settings.images()} are done or {@code settings.time()} has passed, whichever is first. */
    FuzzReport run(Settings settings, PrintStream log) {
        long start = System.nanoTime();
        long end = start + settings.time().toNanos();
        Random seeds = new Random(settings.seed());
        for (int i = 0; i < settings.images() && System.nanoTime() < end && abandoned < MAX_ABANDONED; i++) {
            String profile = settings.profiles().get(i % settings.profiles().size());
            long seed = seeds.nextLong();
            runImage(profile, seed);
            if (log != null && (i + 1) % 100 == 0) {
                log.printf("fuzz: %d images, %d operations, %d hangs, %d outside the family, %d contradictions, %.0f s%n",
                        report.images(), report.operations(), report.hangs(), report.unexpected(), report.lies(),
                        (System.nanoTime() - start) / 1e9);
            }
        }
        report.elapsed(Duration.ofNanos(System.nanoTime() - start));
        worker.shutdownNow();
        return report;
    }

    /** Makes, opens and walks one corrupted image; its name in the report is {@code profile:seed}. */
    void runImage(String profile, long seed) {
        FuzzSample sample = sample(profile);
        Random random = new Random(seed);
        FuzzedMemory memory = sample.copy();
        Mutator.Plan plan = Mutator.mutate(sample, memory, random);
        String image = profile + ":" + seed;
        report.image(profile, plan);
        Path file = null;
        try {
            PhysicalMemory opened = memory;
            if (plan.has(Mutator.Kind.TRUNCATE) && random.nextBoolean()) {
                file = writeRaw(memory);
                try {
                    opened = MemoryImages.open(file);
                } catch (MemoryException e) {
                    report.declared(Op.OPEN, e);
                    report.notOpened(e);
                    return;
                }
            }
            TreeWalk.Progress progress = new TreeWalk.Progress();
            PhysicalMemory image0 = opened;
            long started = System.nanoTime();
            Future<?> walk = worker.submit(() -> openAndWalk(sample, image0, plan, random, progress, image));
            supervise(walk, progress, image, plan);
            report.imageTime(System.nanoTime() - started, image + " " + plan.mutations());
            if (opened != memory) {
                opened.close();
            }
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file left behind
                }
            }
        }
    }

    private void supervise(Future<?> walk, TreeWalk.Progress progress, String image, Mutator.Plan plan) {
        while (true) {
            try {
                walk.get(50, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                String overdue = progress.overdue(deadline.toNanos());
                if (overdue != null) {
                    report.hang(image, overdue + " after " + plan.mutations(), deadline);
                    walk.cancel(true);
                    worker.shutdownNow();
                    worker = newWorker();
                    abandoned++;
                    return;
                }
            } catch (ExecutionException e) {
                report.unexpected(Op.OPEN, image, "(the harness itself)", e.getCause());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private void openAndWalk(FuzzSample sample, PhysicalMemory memory, Mutator.Plan plan, Random random,
            TreeWalk.Progress progress, String image) {
        Vfs vfs;
        try {
            WindowsOsKernel kernel = TreeWalk.operation(progress, report, image, Op.OPEN, "kernel",
                    () -> WindowsOsKernel.open(memory, new MemoryCaches(), KernelOptions.DEFAULT));
            vfs = TreeWalk.operation(progress, report, image, Op.OPEN, "tree", () -> new Vfs(kernel));
            report.opened();
        } catch (MemoryException e) {
            report.notOpened(e);
            missAll(plan, image, "the image did not open: " + e.getMessage());
            return;
        } catch (TreeWalk.Unexpected e) {
            report.notOpened(e.getCause());
            return;
        }
        Set<String> keep = new HashSet<>();
        keep.add("sys/proc/proc.txt");
        plan.expectations().forEach(x -> keep.add(x.path()));
        for (SampleProcess p : sample.manifest().processes()) {
            keep.add("pid/" + p.pid() + "/threads/threads.txt");
            keep.add("pid/" + p.pid() + "/memmap/vad.txt");
            keep.add("pid/" + p.pid() + "/modules/modules.txt");
            keep.add("pid/" + p.pid() + "/state.txt");
        }
        TreeWalk walk = new TreeWalk(vfs, random, progress, report, image, keep);
        try {
            walk.walk();
        } catch (TreeWalk.Abandoned e) {
            return;
        }
        for (Mutator.Expectation x : plan.expectations()) {
            String text = walk.text(x.path());
            boolean met = text != null && text.lines().anyMatch(line -> line.contains("partial:") && line.contains(x.token()));
            report.expectation(met, image, x.why() + " (" + plan.mutations() + "), but " + x.path()
                    + (text == null ? " could not be read" : " has no partial: line naming " + x.token()
                    + partialLines(text)));
        }
        shortfalls(sample, walk, image, plan);
    }

    private static String partialLines(String text) {
        List<String> lines = text.lines().filter(l -> l.contains("partial:")).limit(3).toList();
        return lines.isEmpty() ? "" : " (it has: " + String.join(" | ", lines) + ")";
    }

    private void missAll(Mutator.Plan plan, String image, String why) {
        for (Mutator.Expectation x : plan.expectations()) {
            report.expectation(false, image, x.why() + ": " + why);
        }
    }

    /** Lists that show fewer entries than the image holds without a partial: line saying why. */
    private void shortfalls(FuzzSample sample, TreeWalk walk, String image, Mutator.Plan plan) {
        String processes = walk.text("sys/proc/proc.txt");
        if (processes != null && !processes.contains("partial:")
                && processes.lines().count() - 1 < sample.manifest().processes().size()) {
            report.silentShortfall(image, "proc.txt lists " + (processes.lines().count() - 1) + " of "
                    + sample.manifest().processes().size() + " processes after " + plan.mutations());
        }
        for (SampleProcess p : sample.manifest().processes()) {
            String dir = "pid/" + p.pid() + "/";
            List<SampleModule> modules = new ArrayList<>(p.modules());
            modules.addAll(p.wow64Modules());
            shortfall(walk.text(dir + "threads/threads.txt"), p.threads().size(), image, dir + "threads/threads.txt", plan);
            // an exited process has no address space or loader list left to show; a corrupted ExitStatus
            // makes a running one look exited, consistently, which is no lie
            boolean running = p.isRunning() && "running\n".equals(walk.text(dir + "state.txt"));
            shortfall(walk.text(dir + "memmap/vad.txt"), running ? p.vads().size() : 0, image, dir + "memmap/vad.txt", plan);
            shortfall(walk.text(dir + "modules/modules.txt"), running ? modules.size() : 0, image,
                    dir + "modules/modules.txt", plan);
        }
    }

    private void shortfall(String text, int expected, String image, String path, Mutator.Plan plan) {
        if (text == null || text.contains("partial:")) {
            return;
        }
        long rows = text.lines().count() - 1;
        if (rows < expected) {
            report.silentShortfall(image, path + " shows " + rows + " of " + expected + " after " + plan.mutations());
        }
    }

    /** The image as a raw file of its (possibly truncated) size, sparse where it is zero. */
    private static Path writeRaw(FuzzedMemory memory) {
        try {
            Path file = Files.createTempFile("memvfs-fuzz", ".raw");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                long size = memory.size();
                for (long frame = 0; frame * FuzzedMemory.PAGE < size; frame++) {
                    byte[] bytes = memory.frame(frame);
                    if (bytes == null) {
                        continue;
                    }
                    long at = frame * FuzzedMemory.PAGE;
                    ByteBuffer data = ByteBuffer.wrap(bytes, 0, (int) Math.min(bytes.length, size - at));
                    while (data.hasRemaining()) {
                        channel.write(data, at + data.position());
                    }
                }
                channel.truncate(size);
                if (channel.size() < size) {
                    channel.write(ByteBuffer.allocate(1), size - 1);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the fuzzer from the command line; exits 1 when anything that must never happen happened. */
    public static void main(String[] args) {
        List<String> profiles = SampleImages.supportedProfiles();
        long seed = System.nanoTime();
        int images = Integer.MAX_VALUE;
        Duration time = Duration.ofDays(365);
        Duration deadline = Duration.ofSeconds(10);
        String replay = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> time = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--images" -> images = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--profiles" -> profiles = List.of(args[++i].split(","));
                case "--deadline-seconds" -> deadline = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--replay" -> replay = args[++i];
                default -> {
                    System.err.println("usage: Fuzzer [--seconds N] [--images N] [--seed S] [--profiles a,b] "
                            + "[--deadline-seconds N] [--replay PROFILE:SEED]");
                    System.exit(2);
                }
            }
        }
        Fuzzer fuzzer = new Fuzzer(deadline);
        FuzzReport report;
        if (replay != null) {
            String[] parts = replay.split(":");
            fuzzer.runImage(parts[0], Long.parseLong(parts[1]));
            report = fuzzer.report();
        } else {
            System.out.printf("fuzz: seed %d, profiles %s, deadline %d s per operation%n", seed, profiles, deadline.toSeconds());
            report = fuzzer.run(new Settings(profiles, seed, images, time, deadline), System.out);
        }
        System.out.print(report);
        System.exit(report.isClean() ? 0 : 1);
    }
}
