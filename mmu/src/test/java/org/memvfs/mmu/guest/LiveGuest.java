package org.memvfs.mmu.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Debian guest running under QEMU with its RAM shared in {@code /dev/shm}, booted as
 * {@code tools/qemu-guest/live.py} boots it ({@code qg.role=live}: the {@code wtick} workload
 * rewrites {@code seq=} in its first marker page every 100 ms, {@code jiffies} ticks at 250 Hz).
 * Its kernel and initramfs are made once per machine by {@code tools/qemu-guest}. QEMU is the
 * oracle: {@link #xp}, {@link #gva2gpa}, {@link #pmemsave}.
 */
public final class LiveGuest implements AutoCloseable {
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);
    private static final long MAKE_TIMEOUT_MINUTES = 20;
    private static final Pattern KSYM = Pattern.compile("(?m)^ksym: ([0-9a-f]+) \\S (\\S+)\\s*$");
    private static final Pattern PAGEMAP = Pattern.compile("QG-PAGEMAP name=(\\S+) pid=(\\d+) va=([0-9a-f]+) pa=([0-9a-f]+)");
    private static final Pattern QWORD = Pattern.compile("0x([0-9a-f]{1,16})");
    private static final Pattern GPA = Pattern.compile("gpa: (?:0x)?([0-9a-f]+)");

    private final SharedRamQemu qemu;
    private final String serial;

    private LiveGuest(SharedRamQemu qemu, String serial) {
        this.qemu = qemu;
        this.serial = serial;
    }

    /** Boots a guest with {@code memory} of RAM and returns once it printed {@code QG-READY}. */
    public static LiveGuest boot(String memory) {
        Path out = QemuGuests.outputDirectory();
        ensureKernelAndInitramfs(out);
        SharedRamQemu qemu = SharedRamQemu.start(memory, List.of(
                "-kernel", out.resolve("kernel/vmlinuz").toString(),
                "-initrd", out.resolve("initramfs.cpio.gz").toString(),
                "-append", "console=ttyS0 panic=-1 qg.role=live",
                "-serial", "file:" + SharedRamQemu.WORK + "/serial.log"));
        try {
            return new LiveGuest(qemu, awaitReady(qemu, qemu.workDirectory().resolve("serial.log")));
        } catch (RuntimeException | AssertionError e) {
            qemu.close();
            throw e;
        }
    }

    private static String awaitReady(SharedRamQemu qemu, Path serialLog) {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (true) {
            String text = read(serialLog);
            if (text.contains("QG-READY")) {
                return text;
            }
            if (!qemu.isAlive()) {
                throw new AssertionError("QEMU ended before the guest was ready: " + qemu.log() + "\n" + text);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the guest did not print QG-READY within " + BOOT_TIMEOUT + ":\n" + text);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The guest kernel and initramfs, made by tools/qemu-guest when this machine has none. */
    private static synchronized void ensureKernelAndInitramfs(Path out) {
        if (Files.isRegularFile(out.resolve("kernel/vmlinuz")) && Files.isRegularFile(out.resolve("initramfs.cpio.gz"))) {
            return;
        }
        Path tools = QemuGuests.repository().resolve("tools/qemu-guest");
        String script = "mkdir -p \"$QG_OUT\" && exec 9>\"$QG_OUT/.make-images.lock\" && flock 9"
                + " && { [ -s \"$QG_OUT/kernel/vmlinuz\" ] || \"$TOOLS/setup.sh\"; }"
                + " && { [ -s \"$QG_OUT/initramfs.cpio.gz\" ] || \"$TOOLS/build-initramfs.sh\"; }";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("QG_OUT", out.toString());
        builder.environment().put("TOOLS", tools.toString());
        try {
            Process process = builder.start();
            if (!process.waitFor(MAKE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("making the guest kernel and initramfs took more than " + MAKE_TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("tools/qemu-guest could not make the guest kernel and initramfs (status "
                        + process.exitValue() + ")");
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run tools/qemu-guest", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The guest's RAM file in {@code /dev/shm}. */
    public Path ramFile() {
        return qemu.ramFile();
    }

    /** The guest's RAM size as given to QEMU. */
    public long ramBytes() {
        try {
            return Files.size(qemu.ramFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the guest printed on its console up to {@code QG-READY}. */
    public String serial() {
        return serial;
    }

    /** The address of kernel symbol {@code name}, from the guest's own {@code /proc/kallsyms}. */
    public long kernelSymbol(String name) {
        Matcher m = KSYM.matcher(serial);
        while (m.find()) {
            if (m.group(2).equals(name)) {
                return Long.parseUnsignedLong(m.group(1), 16);
            }
        }
        throw new AssertionError("the guest printed no kernel symbol " + name);
    }

    public List<Workload> workloads() {
        return GuestCapture.workloadsIn(serial);
    }

    public Workload workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the guest started no workload " + name));
    }

    /** The guest kernel's own VA → PA of a workload's probed pages ({@code /proc/self/pagemap}). */
    public Map<Long, Long> pagemap(int pid) {
        Map<Long, Long> pages = new HashMap<>();
        Matcher m = PAGEMAP.matcher(serial);
        while (m.find()) {
            if (Integer.parseInt(m.group(2)) == pid) {
                pages.put(Long.parseUnsignedLong(m.group(3), 16), Long.parseUnsignedLong(m.group(4), 16));
            }
        }
        return pages;
    }

    public Qmp qmp() {
        return qemu.qmp();
    }

    /** Pauses the vCPUs: the guest's RAM holds still. */
    public void stop() {
        qemu.qmp().command("stop");
    }

    public void cont() {
        qemu.qmp().command("cont");
    }

    /** QEMU's {@code gva2gpa} of {@code va} in vCPU 0's current address space (kernel addresses are in every one). */
    public long gva2gpa(long va) {
        String answer = qemu.qmp().hmp("gva2gpa 0x" + Long.toHexString(va), 0);
        Matcher m = GPA.matcher(answer);
        if (!m.find()) {
            throw new AssertionError("gva2gpa " + Long.toHexString(va) + ": " + answer);
        }
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    /** {@code length} bytes (a multiple of 8) of guest-physical memory from {@code pa}, as QEMU's {@code xp} prints them. */
    public byte[] xp(long pa, int length) {
        String text = qemu.qmp().hmp("xp /" + (length / 8) + "gx 0x" + Long.toHexString(pa));
        ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            Matcher m = QWORD.matcher(line.substring(colon + 1));
            while (m.find()) {
                bytes.putLong(Long.parseUnsignedLong(m.group(1), 16));
            }
        }
        if (bytes.hasRemaining()) {
            throw new AssertionError("xp gave " + bytes.position() + " of " + length + " bytes: " + text);
        }
        return bytes.array();
    }

    /** QEMU's {@code pmemsave}: {@code size} bytes of guest-physical memory from {@code pa} into {@code file}. */
    public void pmemsave(long pa, long size, Path file) {
        qemu.qmp().command("pmemsave", "{\"val\": " + pa + ", \"size\": " + size + ", \"filename\": " + Qmp.quote(file.toString()) + "}");
    }

    /** Quits QEMU and deletes the RAM file. */
    @Override
    public void close() {
        qemu.close();
    }

    @Override
    public String toString() {
        return "live guest, RAM in " + qemu.ramFile();
    }
}
