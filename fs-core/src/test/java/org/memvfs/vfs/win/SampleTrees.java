package org.memvfs.vfs.win;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.image.MemoryImages;
import org.memvfs.vfs.Vfs;
import org.memvfs.win.KernelOptions;
import org.memvfs.win.sample.SampleImage;
import org.memvfs.win.sample.SampleImages;

/** Sample images written once per test run, and trees over them: the parser never sees the manifest. */
final class SampleTrees {
    /** A sample, the tree the parser found in it, and what the builder says it wrote. */
    record Sample(String profile, SampleImage image, PhysicalMemory memory, WindowsOsKernel kernel, Vfs vfs) {
    }

    private static final Map<String, Sample> MADE = new HashMap<>();

    private SampleTrees() {
    }

    static synchronized Sample of(String profile) {
        return MADE.computeIfAbsent(profile, id -> {
            try {
                SampleImage image = SampleImages.build(id);
                Path file = Files.createTempFile("memvfs-sample-" + id, ".raw");
                file.toFile().deleteOnExit();
                image.writeRaw(file);
                PhysicalMemory memory = MemoryImages.open(file);
                WindowsOsKernel kernel = WindowsOsKernel.open(memory, new MemoryCaches(), KernelOptions.DEFAULT);
                return new Sample(id, image, memory, kernel, new Vfs(kernel));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
