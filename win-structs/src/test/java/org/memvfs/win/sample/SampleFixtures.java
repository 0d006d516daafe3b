package org.memvfs.win.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.image.MemoryImages;

/**
 * Builds each profile's sample once per test JVM and writes it once to a temporary raw file,
 * so that test classes share the cost. Not a test class.
 */
final class SampleFixtures {
    private static final Map<String, SampleImage> IMAGES = new ConcurrentHashMap<>();
    private static final Map<String, Path> FILES = new ConcurrentHashMap<>();
    private static final Map<String, PhysicalMemory> MEMORIES = new ConcurrentHashMap<>();
    private static Path directory;

    private SampleFixtures() {
    }

    static synchronized SampleImage image(String profileId) {
        return IMAGES.computeIfAbsent(profileId, SampleImages::build);
    }

    static synchronized Path file(String profileId) {
        return FILES.computeIfAbsent(profileId, id -> {
            Path file = directory().resolve(id + ".raw");
            image(id).writeRaw(file);
            file.toFile().deleteOnExit();
            return file;
        });
    }

    /** The written image opened through mmu, as a parser would open it. */
    static synchronized PhysicalMemory memory(String profileId) {
        return MEMORIES.computeIfAbsent(profileId, id -> MemoryImages.open(file(id)));
    }

    static synchronized ImageReader reader(String profileId) {
        return new ImageReader(memory(profileId), image(profileId).manifest());
    }

    private static Path directory() {
        if (directory == null) {
            try {
                directory = Files.createTempDirectory("memvfs-sample-test");
                directory.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return directory;
    }
}
