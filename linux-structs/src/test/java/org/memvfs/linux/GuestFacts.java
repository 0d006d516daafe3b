package org.memvfs.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memvfs.mmu.guest.GuestCapture;

/**
 * What a captured guest said about itself on its console ({@code serial.log}: {@code ps}, kallsyms,
 * the banner) and what the capture script read from it ({@code meta.json}: kernel variables): the
 * ground truth the model is checked against. Nothing here reads the memory image.
 */
public final class GuestFacts {
    private static final Pattern PS_LINE = Pattern.compile("^\\s*(\\d+)\\s+(\\d+)\\s+(\\S+)\\s+(.*)$");
    private static final Pattern KSYM = Pattern.compile("^ksym: ([0-9a-f]+) \\w (\\S+)$");
    private static final Pattern BANNER = Pattern.compile("^dmesg: \\[\\s*[0-9.]+\\] (Linux version .*)$");

    /** One line of the guest's {@code ps -o pid,ppid,comm,args}. */
    public record PsLine(int pid, int ppid, String comm, String args) {
    }

    private final List<PsLine> ps = new ArrayList<>();
    private final Map<String, Long> symbols = new LinkedHashMap<>();
    private final String banner;
    private final String meta;

    public GuestFacts(GuestCapture capture) {
        try {
            List<String> log = Files.readAllLines(capture.directory().resolve("serial.log"));
            boolean inPs = false;
            String bannerLine = null;
            for (String line : log) {
                if (line.startsWith("QG-BEGIN ps")) {
                    inPs = true;
                } else if (line.startsWith("QG-END ps")) {
                    inPs = false;
                } else if (inPs) {
                    Matcher m = PS_LINE.matcher(line);
                    if (m.matches()) {
                        ps.add(new PsLine(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3), m.group(4).strip()));
                    }
                }
                Matcher k = KSYM.matcher(line);
                if (k.matches()) {
                    symbols.put(k.group(2), Long.parseUnsignedLong(k.group(1), 16));
                }
                Matcher b = BANNER.matcher(line);
                if (b.matches() && bannerLine == null) {
                    bannerLine = b.group(1);
                }
            }
            this.banner = bannerLine;
            this.meta = Files.readString(capture.directory().resolve("meta.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GuestFacts of(GuestCapture capture) {
        return new GuestFacts(capture);
    }

    /** The guest's {@code ps} lines, in its order. */
    public List<PsLine> ps() {
        return ps;
    }

    /** The pid of {@code ps} itself: it had exited by the time the memory was captured. */
    public int psPid() {
        return ps.stream().filter(p -> p.comm().equals("ps")).mapToInt(PsLine::pid).findFirst().orElseThrow();
    }

    /** A kernel symbol's address from the guest's {@code /proc/kallsyms}. */
    public long symbol(String name) {
        Long value = symbols.get(name);
        if (value == null) {
            throw new AssertionError("the guest printed no kallsyms line for " + name);
        }
        return value;
    }

    /** The banner as the kernel's log printed it. */
    public String banner() {
        return banner;
    }

    /** A kernel variable's value as the capture script read it ({@code page_offset_base}, {@code phys_base} …). */
    public long kernelVariable(String name) {
        // the values are in "kernel_vars"; "kallsyms" has entries of the same names holding addresses
        int start = meta.indexOf("\"kernel_vars\"");
        String variables = meta.substring(start, meta.indexOf('}', start));
        Matcher m = Pattern.compile("\"" + name + "\":\\s*\"([0-9a-f]+)\"").matcher(variables);
        if (!m.find()) {
            throw new AssertionError("meta.json has no kernel variable " + name);
        }
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    /** When the capture script started (before the guest booted; the memory was taken seconds later). */
    public Instant created() {
        Matcher m = Pattern.compile("\"created\":\\s*\"([^\"]+)\"").matcher(meta);
        if (!m.find()) {
            throw new AssertionError("meta.json has no creation time");
        }
        return java.time.OffsetDateTime.parse(m.group(1), java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ"))
                .toInstant();
    }

    /** Whether the capture script saw KPTI on. */
    public boolean kpti() {
        return meta.contains("\"kpti\": true");
    }

    public static Path serialLog(GuestCapture capture) {
        return capture.directory().resolve("serial.log");
    }
}
