package org.memvfs.mmu.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One captured guest: its raw image, its ELF core, QEMU's translation oracle and what the guest
 * printed on its console. Made by {@link QemuGuests}.
 */
public final class GuestCapture {
    private static final Pattern WORKLOAD = Pattern.compile(
            "QG-WORKLOAD name=(\\S+) pid=(\\d+) mode=(\\S+) big=([0-9a-f]+)\\+([0-9a-f]+) small=([0-9a-f]+)\\+([0-9a-f]+)");
    private static final Pattern CPU = Pattern.compile("cpu(\\d+) cr3=([0-9a-f]+)");
    private static final Pattern MAPS_BEGIN = Pattern.compile("QG-BEGIN maps pid=(\\d+)");

    private final GuestConfig config;
    private final Path directory;
    private List<OracleLine> oracle;
    private final Map<Integer, Long> cpuCr3 = new LinkedHashMap<>();

    GuestCapture(GuestConfig config, Path directory) {
        this.config = config;
        this.directory = directory;
    }

    public GuestConfig config() {
        return config;
    }

    public Path directory() {
        return directory;
    }

    /** {@code raw.bin}: file offset = guest physical address; the PCI hole is zeros. */
    public Path raw() {
        return directory.resolve("raw.bin");
    }

    /** {@code elf.core}: QEMU's dump-guest-memory, one PT_LOAD per RAM range plus the BIOS ROM. */
    public Path elf() {
        return directory.resolve("elf.core");
    }

    /** Every oracle line, in file order. */
    public synchronized List<OracleLine> oracle() {
        if (oracle == null) {
            List<OracleLine> lines = new ArrayList<>();
            try (Stream<String> text = Files.lines(directory.resolve("oracle.txt"))) {
                text.forEach(line -> {
                    if (line.startsWith("# cpus:")) {
                        Matcher m = CPU.matcher(line);
                        while (m.find()) {
                            cpuCr3.put(Integer.parseInt(m.group(1)), Long.parseUnsignedLong(m.group(2), 16));
                        }
                    } else if (!line.isBlank() && !line.startsWith("#")) {
                        lines.add(OracleLine.parse(line));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            oracle = List.copyOf(lines);
        }
        return oracle;
    }

    /** The oracle lines of one kind. */
    public List<OracleLine> oracle(char kind) {
        return oracle().stream().filter(l -> l.kind() == kind).toList();
    }

    /** The raw CR3 of each vCPU, as the oracle's header records it. */
    public synchronized Map<Integer, Long> cpuCr3() {
        oracle();
        return Map.copyOf(cpuCr3);
    }

    /** The workloads the guest started, from its console log. */
    public List<Workload> workloads() {
        try {
            return workloadsIn(Files.readString(directory.resolve("serial.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The workloads a guest's console log ({@code QG-WORKLOAD} lines) names. */
    static List<Workload> workloadsIn(String serial) {
        List<Workload> result = new ArrayList<>();
        Matcher m = WORKLOAD.matcher(serial);
        while (m.find()) {
            result.add(new Workload(m.group(1), Integer.parseInt(m.group(2)), m.group(3),
                    Long.parseUnsignedLong(m.group(4), 16), Long.parseUnsignedLong(m.group(5), 16),
                    Long.parseUnsignedLong(m.group(6), 16), Long.parseUnsignedLong(m.group(7), 16)));
        }
        return result;
    }

    /**
     * Which CR3 each workload that was on a vCPU ran under: the one QEMU probed its buffers with
     * ({@code T} lines labelled {@code wl:<name>:…}). Workloads on no vCPU are absent.
     */
    public Map<String, Long> workloadCr3() {
        Map<String, Long> owners = new LinkedHashMap<>();
        for (OracleLine line : oracle('T')) {
            if (line.region().startsWith("wl:")) {
                owners.put(line.region().split(":")[1], line.cr3());
            }
        }
        return owners;
    }

    /**
     * The {@code /proc/PID/maps} lines the guest printed for each process it printed them for,
     * by pid, in order.
     */
    public Map<Integer, List<String>> maps() {
        try {
            Map<Integer, List<String>> maps = new LinkedHashMap<>();
            List<String> current = null;
            for (String line : Files.readAllLines(directory.resolve("serial.log"))) {
                Matcher begin = MAPS_BEGIN.matcher(line);
                if (begin.find()) {
                    current = maps.computeIfAbsent(Integer.parseInt(begin.group(1)), pid -> new ArrayList<>());
                } else if (line.startsWith("QG-END maps")) {
                    current = null;
                } else if (current != null && !line.isBlank()) {
                    current.add(line.strip());
                }
            }
            return maps;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return config.name() + " (" + config.directory() + ")";
    }
}
