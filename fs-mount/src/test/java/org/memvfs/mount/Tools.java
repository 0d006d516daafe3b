package org.memvfs.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real command-line tools against a mount, as an analyst would, with a time limit. */
final class Tools {
    private static final long TIMEOUT_SECONDS = 120;

    /** What a tool printed and how it exited. */
    record Result(int status, String out, String err) {
    }

    private Tools() {
    }

    /** Runs {@code command} in {@code directory}. */
    static Result run(Path directory, String... command) {
        return run(directory, null, command);
    }

    /** Runs {@code command} in {@code directory} with {@code input} on its standard input. */
    static Result run(Path directory, byte[] input, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(directory.toFile());
            Path err = java.nio.file.Files.createTempFile("memvfs-tool", ".err");
            builder.redirectError(err.toFile());
            Process process = builder.start();
            if (input != null) {
                process.getOutputStream().write(input);
            }
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " ran longer than " + TIMEOUT_SECONDS + " s");
            }
            String errText = java.nio.file.Files.readString(err);
            java.nio.file.Files.delete(err);
            return new Result(process.exitValue(), new String(out, StandardCharsets.ISO_8859_1), errText);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs a shell command line (for globs and redirections). */
    static Result shell(Path directory, String commandLine) {
        return run(directory, "sh", "-c", commandLine);
    }
}
