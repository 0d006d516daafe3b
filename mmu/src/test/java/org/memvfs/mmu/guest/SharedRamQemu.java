package org.memvfs.mmu.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A QEMU {@code pc} machine (TCG) whose RAM is a file in {@code /dev/shm} shared with the host,
 * as {@code tools/qemu-guest/live.py} starts it, with a QMP socket. {@link #close()} quits it
 * and deletes the RAM file and its work directory; a JVM that exits first kills it too (a
 * shutdown hook, and {@code setpriv --pdeathsig} where there is one).
 */
public final class SharedRamQemu implements AutoCloseable {
    /** In an argument of {@link #start}: replaced by the machine's work directory. */
    public static final String WORK = "{work}";
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final Duration QUIT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path ramFile;
    private final Path workDirectory;
    private final Qmp qmp;
    private final Thread killAtExit;

    private SharedRamQemu(Process process, Path ramFile, Path workDirectory, Thread killAtExit) {
        this.process = process;
        this.ramFile = ramFile;
        this.workDirectory = workDirectory;
        this.killAtExit = killAtExit;
        Qmp connected;
        try {
            connected = Qmp.connect(workDirectory.resolve("qmp.sock"), QMP_TIMEOUT);
        } catch (AssertionError e) {
            cleanUp();
            throw new AssertionError(e.getMessage() + "; QEMU said: " + log(), e);
        }
        this.qmp = connected;
    }

    /**
     * Starts QEMU with {@code memory} of RAM ({@code 512M}, {@code 4G} …) shared through a new
     * file in {@code /dev/shm}, and {@code extra} arguments (a kernel, {@code -S} …; {@link #WORK}
     * in them names the work directory).
     */
    public static SharedRamQemu start(String memory, List<String> extra) {
        Path ram = Path.of("/dev/shm", "memvfs-test-ram-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet());
        Path work;
        try {
            work = Files.createTempDirectory("memvfs-qemu");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> argv = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            // QEMU dies with the JVM even when the JVM is killed and no shutdown hook runs
            argv.addAll(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "--"));
        }
        argv.addAll(List.of("qemu-system-x86_64", "-name", "memvfs-test", "-accel", "tcg", "-cpu", "max,-la57", "-smp", "2",
                "-m", memory,
                "-object", "memory-backend-file,id=mem0,size=" + memory + ",mem-path=" + ram + ",share=on",
                "-machine", "pc,memory-backend=mem0",
                "-nodefaults", "-vga", "none", "-display", "none", "-no-reboot",
                "-qmp", "unix:" + work.resolve("qmp.sock") + ",server=on,wait=off"));
        extra.forEach(argument -> argv.add(argument.replace(WORK, work.toString())));
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(work.resolve("qemu.log").toFile()).start();
        } catch (IOException e) {
            deleteTree(work);
            throw new AssertionError("cannot start QEMU (is qemu-system-x86 installed? tools/qemu-guest/setup.sh): " + argv, e);
        }
        Thread killAtExit = new Thread(() -> {
            process.destroyForcibly();
            quietlyDelete(ram);
        }, "memvfs-test-qemu-kill");
        Runtime.getRuntime().addShutdownHook(killAtExit);
        return new SharedRamQemu(process, ram, work, killAtExit);
    }

    /** The guest's RAM, as QEMU shares it. */
    public Path ramFile() {
        return ramFile;
    }

    /** A directory for this machine's files (serial log, QMP socket); deleted by {@link #close()}. */
    public Path workDirectory() {
        return workDirectory;
    }

    public Qmp qmp() {
        return qmp;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What QEMU printed, for failure messages. */
    public String log() {
        try {
            return Files.readString(workDirectory.resolve("qemu.log")).strip();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Quits QEMU (killing the one started here if it does not quit in time) and deletes its files. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                try {
                    qmp.command("quit");
                } catch (AssertionError e) {
                    // it may be going already; the wait below decides
                }
            }
            qmp.close();
        } finally {
            cleanUp();
        }
    }

    private void cleanUp() {
        try {
            if (!process.waitFor(QUIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(QUIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            quietlyDelete(ramFile);
            deleteTree(workDirectory);
            try {
                Runtime.getRuntime().removeShutdownHook(killAtExit);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook runs anyway and finds nothing left to do
            }
        }
    }

    private static void quietlyDelete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for the next run to report; nothing else can be done here
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(SharedRamQemu::quietlyDelete);
        } catch (IOException e) {
            // a temporary directory: the system cleans it later
        }
    }
}
