package org.memvfs.vfs.win;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.WalkStep;
import org.memvfs.mmu.image.ImageFormat;
import org.memvfs.mmu.image.ImageOptions;
import org.memvfs.mmu.image.MemoryImages;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;
import org.memvfs.win.sample.SampleImage;
import org.memvfs.win.sample.SampleImages;
import org.memvfs.win.sample.SampleManifest;
import org.memvfs.win.sample.SampleProcess;

/**
 * A Windows sample as a running machine's shared RAM: written into a file in {@code /dev/shm},
 * which the test then changes as the machine's kernel would, through a writable shared mapping of
 * its own and mmu's page walks (never through memvfs's caches): a process linked into
 * ActiveProcessLinks or unlinked, a page remapped. The RAM has {@link #FREE_FRAMES} frames more
 * than the sample fills, at its top, for what the test adds.
 */
public final class LiveSample implements AutoCloseable {
    public static final int FREE_FRAMES = 256;
    private static final int PAGE = 4096;
    private static final long FRAME_BITS = 0x000F_FFFF_FFFF_F000L;
    private static final long PRESENT_WRITABLE = 0x3;
    private static final Map<String, SampleImage> BUILT = new HashMap<>();

    private final SampleImage image;
    private final WindowsProfile profile;
    private final Path ram;
    private final PhysicalMemory memory;
    private int framesTaken;

    private LiveSample(SampleImage image, Path ram) {
        this.image = image;
        this.profile = Profiles.byId(image.manifest().profileId());
        this.ram = ram;
        this.memory = MemoryImages.open(ram, ImageOptions.DEFAULT.withFormat(ImageFormat.LIVE).withWritable(true));
    }

    /** The sample of {@code profileId} (built once per JVM) as the RAM file {@code /dev/shm/NAME}. */
    public static LiveSample create(String profileId, String name) {
        SampleImage image;
        synchronized (BUILT) {
            image = BUILT.computeIfAbsent(profileId, SampleImages::build);
        }
        Path ram = Path.of("/dev/shm", name);
        image.writeRaw(ram);
        try (RandomAccessFile file = new RandomAccessFile(ram.toFile(), "rw")) {
            file.setLength(image.physicalSize() + (long) FREE_FRAMES * PAGE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LiveSample(image, ram);
    }

    public Path ramFile() {
        return ram;
    }

    public SampleManifest manifest() {
        return image.manifest();
    }

    public SampleProcess process(String imageFileName) {
        return manifest().processes().stream().filter(p -> p.imageFileName().equals(imageFileName)).findFirst()
                .orElseThrow(() -> new AssertionError("the sample has no " + imageFileName));
    }

    /** A walk now, through caches of its own that nothing read before: what the machine's MMU would do. */
    public Translation walk(Pa root, Va va) {
        return AddressSpace.of(memory, manifest().mode(), root).walk(va);
    }

    private Translation kernelWalk(Va va) {
        return walk(manifest().systemDtb(), va);
    }

    /** A frame nothing in the sample uses, from the top of RAM. */
    public synchronized Pa freeFrame() {
        if (framesTaken >= FREE_FRAMES) {
            throw new AssertionError("the live sample has no free frame left");
        }
        return new Pa(image.physicalSize() + (long) PAGE * framesTaken++);
    }

    public void write(Pa pa, byte[] bytes) {
        memory.write(pa, ByteBuffer.wrap(bytes));
    }

    public byte[] read(Pa pa, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        memory.read(pa, buffer);
        return buffer.array();
    }

    private long readLong(Pa pa) {
        return memory.readLong(pa);
    }

    /** An 8-byte store, as one aligned x86 store makes it: a walker never sees half of it. */
    private void writeLong(Pa pa, long value) {
        memory.write(pa, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value));
    }

    private Pa kernelPa(Va va) {
        return kernelWalk(va).pa().orElseThrow(() -> new AssertionError("kernel address " + va + " is not mapped"));
    }

    /**
     * A new process: a copy of {@code template}'s EPROCESS with pid {@code pid}, in a kernel page
     * mapped for it now, linked into ActiveProcessLinks after the template, in the order a kernel
     * links: the new entry's own links first, then the neighbours' (each one 8-byte store).
     *
     * @return the new EPROCESS
     */
    public Va addProcess(SampleProcess template, int pid) {
        Va page = freeKernelPage(template.eprocess());
        Pa frame = freeFrame();
        writeLong(lastStep(kernelWalk(page)).entryAddress(), frame.value() | PRESENT_WRITABLE);
        int size = profile.structSize("_EPROCESS");
        Va eprocess = page.plus(0x40);
        byte[] copy = read(kernelPa(template.eprocess()), size);
        ByteBuffer fields = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        fields.putLong(profile.offset("_EPROCESS", "UniqueProcessId"), pid);
        int links = profile.offset("_EPROCESS", "ActiveProcessLinks");
        Va previous = template.eprocess().plus(links);
        Va next = new Va(readLong(kernelPa(previous)));
        fields.putLong(links, next.value());
        fields.putLong(links + 8, previous.value());
        write(frame.plus(0x40), copy);
        Va entry = eprocess.plus(links);
        writeLong(kernelPa(previous), entry.value());       // previous.Flink
        writeLong(kernelPa(next.plus(8)), entry.value());    // next.Blink
        return eprocess;
    }

    /** Takes {@code eprocess} off ActiveProcessLinks as the kernel does when a process goes: its neighbours point past it. */
    public void unlink(Va eprocess) {
        int links = profile.offset("_EPROCESS", "ActiveProcessLinks");
        Va entry = eprocess.plus(links);
        Va next = new Va(readLong(kernelPa(entry)));
        Va previous = new Va(readLong(kernelPa(entry.plus(8))));
        writeLong(kernelPa(previous), next.value());
        writeLong(kernelPa(next.plus(8)), previous.value());
    }

    /**
     * Points the 4 KiB page of {@code va} under {@code root} at {@code frame}, as the kernel does
     * when it moves a page; returns the frame it was at.
     */
    public Pa remap(Pa root, Va va, Pa frame) {
        Translation walk = walk(root, va);
        if (!walk.isMapped() || walk.pageSize() != PAGE) {
            throw new AssertionError(va + " is not a mapped 4 KiB page: " + walk.describe());
        }
        Pa entry = lastStep(walk).entryAddress();
        long pte = readLong(entry);
        writeLong(entry, (pte & ~FRAME_BITS) | frame.value());
        return new Pa(pte & FRAME_BITS);
    }

    /** A kernel page near {@code near} whose page-table entry exists and is empty: free to map. */
    private Va freeKernelPage(Va near) {
        long base = near.value() & -PAGE;
        for (int step = 1; step < 4096; step++) {
            for (long candidate : new long[] {base + (long) step * PAGE, base - (long) step * PAGE}) {
                Translation walk = kernelWalk(new Va(candidate));
                List<WalkStep> steps = walk.steps();
                if (!walk.isMapped() && steps.size() == manifest().mode().levels().size()
                        && steps.get(steps.size() - 1).entry().raw() == 0) {
                    return new Va(candidate);
                }
            }
        }
        throw new AssertionError("no free kernel page near " + near);
    }

    private static WalkStep lastStep(Translation walk) {
        List<WalkStep> steps = walk.steps();
        return steps.get(steps.size() - 1);
    }

    /** Closes the test's own mapping and deletes the RAM file. */
    @Override
    public void close() {
        memory.close();
        try {
            Files.deleteIfExists(ram);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
