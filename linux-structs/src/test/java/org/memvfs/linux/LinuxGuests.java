package org.memvfs.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.guest.GuestCapture;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.QemuGuests;
import org.memvfs.mmu.image.MemoryImages;

/**
 * The six real images the Linux model is proven on: configurations A, B and C of the QEMU guest,
 * each as a raw image and as QEMU's ELF core. Each is opened and its kernel found once per test
 * JVM (discovery reads up to gigabytes), then shared by every test class.
 */
public final class LinuxGuests {
    /** The two containers QEMU writes the same memory into. */
    public enum Format {
        RAW, ELF
    }

    /** One image: a configuration in one format. */
    public record Image(GuestConfig config, Format format) {
        public GuestCapture capture() {
            return QemuGuests.capture(config);
        }

        public Path path() {
            return format == Format.RAW ? capture().raw() : capture().elf();
        }

        @Override
        public String toString() {
            return config.name() + " " + format.name().toLowerCase() + " (" + config.directory() + ")";
        }
    }

    private static final Map<Image, LinuxKernel> KERNELS = new HashMap<>();

    private LinuxGuests() {
    }

    /** Every configuration in both formats: the arguments of the parameterized guest tests. */
    public static List<Image> images() {
        List<Image> images = new ArrayList<>();
        for (GuestConfig config : GuestConfig.values()) {
            for (Format format : Format.values()) {
                images.add(new Image(config, format));
            }
        }
        return images;
    }

    /** The kernel of {@code image}, found on first use and kept open for the rest of the run. */
    public static synchronized LinuxKernel kernel(Image image) {
        LinuxKernel kernel = KERNELS.get(image);
        if (kernel == null) {
            PhysicalMemory memory = MemoryImages.open(image.path());
            kernel = LinuxKernel.open(memory);
            KERNELS.put(image, kernel);
        }
        return kernel;
    }

    public static GuestFacts facts(Image image) {
        return GuestFacts.of(image.capture());
    }
}
