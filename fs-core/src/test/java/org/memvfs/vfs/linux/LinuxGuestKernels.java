package org.memvfs.vfs.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.guest.GuestCapture;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.QemuGuests;
import org.memvfs.mmu.image.MemoryImages;

/**
 * The real guests as the tree serves them: each configuration as a raw image and as an ELF core,
 * its Linux kernel found once per test JVM; and what each guest's {@code ps} printed.
 */
final class LinuxGuestKernels {
    private static final Pattern PS_LINE = Pattern.compile("^\\s*(\\d+)\\s+(\\d+)\\s+(\\S+)\\s+(.*)$");
    private static final Map<String, LinuxOsKernel> KERNELS = new HashMap<>();

    /** One image: a configuration, raw or ELF. */
    record Image(GuestConfig config, boolean elf) {
        GuestCapture capture() {
            return QemuGuests.capture(config);
        }

        @Override
        public String toString() {
            return config.name() + (elf ? " elf" : " raw");
        }
    }

    private LinuxGuestKernels() {
    }

    static List<Image> images() {
        List<Image> images = new ArrayList<>();
        for (GuestConfig config : GuestConfig.values()) {
            images.add(new Image(config, false));
            images.add(new Image(config, true));
        }
        return images;
    }

    static synchronized LinuxOsKernel kernel(Image image) {
        return KERNELS.computeIfAbsent(image.toString(), key -> {
            PhysicalMemory memory = MemoryImages.open(image.elf() ? image.capture().elf() : image.capture().raw());
            return LinuxOsKernel.open(memory, new MemoryCaches());
        });
    }

    /** The guest's ps: args by pid. */
    static Map<Integer, String> psArguments(Image image) {
        Map<Integer, String> args = new LinkedHashMap<>();
        try {
            boolean inPs = false;
            for (String line : Files.readAllLines(image.capture().directory().resolve("serial.log"))) {
                if (line.startsWith("QG-BEGIN ps")) {
                    inPs = true;
                } else if (line.startsWith("QG-END ps")) {
                    inPs = false;
                } else if (inPs) {
                    Matcher m = PS_LINE.matcher(line);
                    if (m.matches()) {
                        String comm = m.group(3);
                        String text = m.group(4).strip();
                        // busybox ps writes "{comm} " before the arguments when argv[0] does not name the comm
                        args.put(Integer.parseInt(m.group(1)), text.startsWith("{" + comm + "} ") ? text.substring(comm.length() + 3) : text);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return args;
    }
}
