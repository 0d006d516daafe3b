package org.memvfs.mount;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code memvfs} command run as a user runs it, in a JVM of its own, for tests that signal it,
 * watch its file descriptors and threads, or read its heap. SIGINT is left to its default
 * disposition (a shell starts background jobs with it ignored, and a JVM that finds it ignored
 * never turns Ctrl-C into a shutdown), so that {@link #signal} can play Ctrl-C.
 */
final class MemvfsJvm implements AutoCloseable {
    private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(90);
    private static final String RESET_SIGINT = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
            + "os.execvp(sys.argv[1], sys.argv[1:])";

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread drain;

    private MemvfsJvm(Process process) {
        this.process = process;
        this.drain = new Thread(() -> drain(process.getInputStream()), "memvfs-jvm-output");
        this.drain.setDaemon(true);
        this.drain.start();
    }

    /** Runs {@code memvfs ARGS} with {@code -Xmx} of {@code heap} and returns once it says it has mounted. */
    static MemvfsJvm mount(String heap, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-c", RESET_SIGINT,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        try {
            MemvfsJvm jvm = new MemvfsJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
            jvm.awaitOutput("mounted:", MOUNT_TIMEOUT);
            return jvm;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            output.append("\n[output lost: ").append(e.getMessage()).append("]\n");
        }
    }

    /** Waits until the output holds {@code text}; fails with the output when it does not in time or the JVM ends. */
    void awaitOutput(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output.toString().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive() && drainDone()) {
                throw new AssertionError("memvfs did not print '" + text + "' (alive: " + process.isAlive() + "):\n" + output);
            }
            pause(20);
        }
    }

    private boolean drainDone() {
        try {
            drain.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !drain.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String output() {
        return output.toString();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends {@code signal} ({@code INT}, {@code TERM}, {@code KILL}) as kill(1) does. */
    void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for the JVM to end; its exit status, or -1 when it is still running after {@code timeout}. */
    int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return -1;
            }
            drainDone();
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The process's open file descriptors, as /proc shows their targets. */
    List<String> fileDescriptors() {
        List<String> targets = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    targets.add(fd.getFileName() + " -> " + Files.readSymbolicLink(fd));
                } catch (IOException e) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return targets;
    }

    /** A field of /proc/PID/status, e.g. {@code Threads} or {@code VmRSS}. */
    String status(String field) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")).stream()
                    .filter(l -> l.startsWith(field + ":")).map(l -> l.substring(field.length() + 1).strip())
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code jcmd PID ARGS}: a diagnostic command run inside the JVM. */
    String jcmd(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid())));
        command.addAll(List.of(args));
        return Tools.run(Path.of("/"), command.toArray(String[]::new)).out();
    }

    /** The heap in use now, garbage included, in bytes, as {@code jcmd GC.heap_info} reports it. */
    long heapUsed() {
        String info = jcmd("GC.heap_info");
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new AssertionError("no heap figures in jcmd GC.heap_info:\n" + info);
        }
        return Long.parseLong(used.group(2)) << 10;
    }

    /**
     * The bytes of the objects still reachable, as {@code jcmd GC.class_histogram} counts them after
     * the full collection it starts: unlike a used-heap figure read after a GC, no garbage allocated
     * in between is counted.
     */
    long liveHeap() {
        String histogram = jcmd("GC.class_histogram");
        java.util.regex.Matcher total = java.util.regex.Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$").matcher(histogram);
        if (!total.find()) {
            throw new AssertionError("no total in jcmd GC.class_histogram:\n" + histogram.lines().limit(5).toList());
        }
        return Long.parseLong(total.group(2));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Ends the JVM (SIGTERM, then SIGKILL) if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (waitFor(Duration.ofSeconds(30)) < 0) {
                process.destroyForcibly();
            }
        }
    }
}
