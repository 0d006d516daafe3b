package org.memvfs.win.testing;

import java.nio.file.Path;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.image.MemoryImages;
import org.memvfs.win.KernelOptions;
import org.memvfs.win.WindowsKernel;
import org.memvfs.win.sample.SampleImage;
import org.memvfs.win.sample.SampleManifest;
import org.memvfs.win.sample.SampleProcess;

/**
 * One built sample: the builder's image and manifest, the raw file it wrote, and that file opened
 * once (memory and kernel), shared read-only by the tests. Patched copies are separate files.
 */
public final class Sample {
    private final String profileId;
    private final SampleImage image;
    private final Path raw;
    private PhysicalMemory memory;
    private WindowsKernel kernel;

    Sample(String profileId, SampleImage image, Path directory) {
        this.profileId = profileId;
        this.image = image;
        this.raw = directory.resolve(profileId + ".raw");
        image.writeRaw(raw);
    }

    public String profileId() {
        return profileId;
    }

    public SampleManifest manifest() {
        return image.manifest();
    }

    public Path raw() {
        return raw;
    }

    /** The raw file opened as memvfs opens images; kept open for the whole test run. */
    public synchronized PhysicalMemory memory() {
        if (memory == null) {
            memory = MemoryImages.open(raw);
        }
        return memory;
    }

    /** The kernel of the unpatched image, opened with default options once. */
    public synchronized WindowsKernel kernel() {
        if (kernel == null) {
            kernel = WindowsKernel.open(memory(), KernelOptions.DEFAULT);
        }
        return kernel;
    }

    /** The process with {@code pid} in the manifest. */
    public SampleProcess process(int pid) {
        return manifest().process(pid);
    }

    /** The kernel's tables as the manifest gives them, without any software-PTE rules: for finding bytes to patch. */
    public AddressSpace kernelTables() {
        return AddressSpace.of(memory(), manifest().mode(), manifest().systemDtb());
    }

    /** A fresh copy of the raw image in {@code directory}, to be changed byte by byte and reopened. */
    public Patch patch(Path directory) {
        Path copy = directory.resolve(profileId + "-patched.raw");
        image.writeRaw(copy);
        return new Patch(this, copy);
    }

    @Override
    public String toString() {
        return profileId;
    }
}
