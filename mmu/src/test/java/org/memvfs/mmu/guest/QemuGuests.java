package org.memvfs.mmu.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real guest memory for tests: captures of a Debian kernel running under QEMU, made on first use
 * by {@code tools/qemu-guest/make-images.sh} and kept under {@code qemu.guest.out} (default
 * {@code /tmp/qemu-guest}) for later runs on the same machine. When they cannot be made the test
 * fails; it is never skipped.
 */
public final class QemuGuests {
    private static final long MAKE_TIMEOUT_MINUTES = 20;
    private static final Map<GuestConfig, GuestCapture> MADE = new EnumMap<>(GuestConfig.class);

    private QemuGuests() {
    }

    /** The capture of {@code config}, made now if this machine has none. */
    public static synchronized GuestCapture capture(GuestConfig config) {
        GuestCapture capture = MADE.get(config);
        if (capture == null) {
            Path directory = outputDirectory().resolve(config.directory());
            if (!isComplete(directory)) {
                make(config);
            }
            if (!isComplete(directory)) {
                throw new AssertionError("make-images.sh ran but " + directory + " lacks its images");
            }
            capture = new GuestCapture(config, directory);
            MADE.put(config, capture);
        }
        return capture;
    }

    private static boolean isComplete(Path directory) {
        return Stream.of("oracle.txt", "raw.bin", "elf.core", "serial.log")
                .allMatch(name -> Files.isRegularFile(directory.resolve(name)));
    }

    public static Path outputDirectory() {
        return Path.of(System.getProperty("qemu.guest.out", System.getenv().getOrDefault("QG_OUT", "/tmp/qemu-guest")));
    }

    /** The repository's root: where {@code tools/qemu-guest} is. */
    public static Path repository() {
        String configured = System.getProperty("memvfs.repo");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("tools/qemu-guest"))) {
                return p;
            }
        }
        throw new AssertionError("cannot find tools/qemu-guest above " + start);
    }

    private static void make(GuestConfig config) {
        Path script = repository().resolve("tools/qemu-guest/make-images.sh");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), config.name()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("QG_OUT", outputDirectory().toString());
        try {
            Process process = builder.start();
            if (!process.waitFor(MAKE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(script + " " + config.name() + " took more than " + MAKE_TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(script + " " + config.name() + " failed with status " + process.exitValue());
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while making guest images", e);
        }
    }
}
