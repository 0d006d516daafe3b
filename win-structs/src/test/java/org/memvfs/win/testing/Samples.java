package org.memvfs.win.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.memvfs.win.sample.SampleImages;

/**
 * The builder's sample images, built once per test JVM and written once as raw files, shared by
 * every test class (the images are deterministic, so sharing changes nothing but the time).
 */
public final class Samples {
    private static final Map<String, Sample> BUILT = new ConcurrentHashMap<>();
    private static volatile Path directory;

    private Samples() {
    }

    /** Every profile the builder supports: the parameter source of the end-to-end tests. */
    public static List<String> profileIds() {
        return SampleImages.supportedProfiles();
    }

    /** The sample of {@code profileId}, built on first use. */
    public static Sample of(String profileId) {
        return BUILT.computeIfAbsent(profileId, id -> new Sample(id, SampleImages.build(id), directory()));
    }

    static Path directory() {
        Path dir = directory;
        if (dir == null) {
            synchronized (Samples.class) {
                dir = directory;
                if (dir == null) {
                    try {
                        dir = Files.createTempDirectory("memvfs-win-samples");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    Path created = dir;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created)));
                    directory = dir;
                }
            }
        }
        return dir;
    }

    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a test run for
        }
    }
}
