package org.memvfs.vfs.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MemoryException;
import org.memvfs.vfs.DirectoryEntry;
import org.memvfs.vfs.FileAttributes;
import org.memvfs.vfs.Vfs;
import org.memvfs.vfs.VfsException;
import org.memvfs.vfs.fuzz.FuzzReport.Op;

/**
 * Walks a whole tree through the {@link Vfs} API as tools on a mount would: lists every
 * directory, stats every file, reads every text file to its end, reads memory files at sampled
 * offsets, writes {@code virt2phys/virt.txt} and reads what it selects, and tries to write memory
 * files, which a read-only image must refuse. Each operation is announced to {@link Progress} so
 * that a supervisor can see one that runs past its deadline. Answers that contradict themselves
 * (a listed name that is not found, a read longer than asked, a text shorter than its size, a write
 * to a read-only image that succeeds) are reported as such.
 */
final class TreeWalk {
    private static final int TEXT_CHUNK = 64 << 10;
    private static final long TEXT_CAP = 4L << 20;
    private static final int PAGE = 4096;
    private static final int LONG_READ = 256 << 10;
    private static final int SAMPLED_MEMORY_FILES = 6;

    /** What the walking thread is doing now, for the supervisor. */
    static final class Progress {
        private volatile String current = "starting";
        private volatile long started = System.nanoTime();
        private volatile boolean busy;

        void begin(String what) {
            current = what;
            started = System.nanoTime();
            busy = true;
        }

        long end() {
            busy = false;
            return System.nanoTime() - started;
        }

        /** The operation running for longer than {@code nanos}, or null. */
        String overdue(long nanos) {
            return busy && System.nanoTime() - started > nanos ? current : null;
        }
    }

    /** Thrown to unwind a walk whose thread the supervisor gave up on. */
    static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("abandoned", null, false, false);
        }
    }

    /** The value an operation returned, or what it threw. */
    private record Result<T>(T value, Throwable failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private final Vfs vfs;
    private final Random random;
    private final Progress progress;
    private final FuzzReport report;
    private final String image;
    private final Set<String> keep;
    private final Map<String, String> kept = new HashMap<>();
    private final Map<String, List<Long>> regionStarts = new HashMap<>();

    /**
     * @param keep paths whose text is kept for checking after the walk ({@link #text})
     */
    TreeWalk(Vfs vfs, Random random, Progress progress, FuzzReport report, String image, Set<String> keep) {
        this.vfs = vfs;
        this.random = random;
        this.progress = progress;
        this.report = report;
        this.image = image;
        this.keep = keep;
    }

    /** Runs {@code body} as one operation: counted, timed, and classified by how it ended. */
    static <T> T operation(Progress progress, FuzzReport report, String image, Op op, String path, Supplier<T> body) {
        if (Thread.currentThread().isInterrupted()) {
            throw new Abandoned();
        }
        progress.begin(op + " " + path);
        try {
            T value = body.get();
            report.ok(op, progress.end(), image + " " + op + " " + path);
            return value;
        } catch (MemoryException e) {
            progress.end();
            report.declared(op, e);
            throw e;
        } catch (RuntimeException | Error e) {
            progress.end();
            report.unexpected(op, image, path, e);
            throw new Unexpected(e);
        }
    }

    /** A failure outside the declared family, already reported. */
    static final class Unexpected extends RuntimeException {
        Unexpected(Throwable cause) {
            super(cause);
        }
    }

    private <T> Result<T> call(Op op, String path, Supplier<T> body) {
        try {
            return new Result<>(operation(progress, report, image, op, path, body), null);
        } catch (MemoryException e) {
            return new Result<>(null, e);
        } catch (Unexpected e) {
            return new Result<>(null, e.getCause());
        }
    }

    /** The text of a kept path as read, or null when it was not read to its end. */
    String text(String path) {
        return kept.get(path);
    }

    void walk() {
        directory("");
    }

    /** Walks the part of the tree under {@code path} only. */
    void walk(String path) {
        directory(path);
    }

    private static String child(String directory, String name) {
        return directory.isEmpty() ? name : directory + "/" + name;
    }

    private void lie(String what) {
        report.lie(image, what);
    }

    private void directory(String path) {
        Result<List<DirectoryEntry>> listed = call(Op.LIST, path, () -> vfs.list(path));
        if (!listed.ok()) {
            return;
        }
        List<DirectoryEntry> entries = listed.value();
        Set<String> names = new HashSet<>();
        List<String> memoryFiles = new ArrayList<>();
        for (DirectoryEntry entry : entries) {
            if (!names.add(entry.name())) {
                lie(path + " lists " + entry.name() + " twice");
            }
        }
        boolean shallow = path.startsWith("name/");
        for (DirectoryEntry entry : entries) {
            String child = child(path, entry.name());
            Result<FileAttributes> stat = call(Op.STAT, child, () -> vfs.stat(child));
            if (!stat.ok()) {
                if (stat.failure() instanceof VfsException v && v.kind() == VfsException.Kind.NOT_FOUND) {
                    lie(path + " lists " + entry.name() + " but stat says it is not there");
                }
                continue;
            }
            FileAttributes attributes = stat.value();
            if (attributes.directory() != entry.directory()) {
                lie(child + " is listed as a " + (entry.directory() ? "directory" : "file") + " but stat says otherwise");
            }
            if (attributes.size() < 0) {
                lie(child + " has a negative size " + attributes.size());
            }
            if (attributes.directory()) {
                if (!shallow) {
                    directory(child);
                }
            } else if (isMemoryFile(entry.name())) {
                memoryFiles.add(child);
            } else if (!shallow) {
                readText(child, attributes.size());
            }
        }
        if (path.endsWith("/vmemd")) {
            List<Long> starts = new ArrayList<>();
            for (String file : memoryFiles) {
                String name = file.substring(file.lastIndexOf('/') + 1);
                starts.add(Hex.parseUnsigned(name.substring(0, name.indexOf('-'))));
            }
            regionStarts.put(path.substring(0, path.length() - "/vmemd".length()), starts);
        }
        if (!shallow) {
            List<String> sampled = new ArrayList<>(memoryFiles);
            java.util.Collections.shuffle(sampled, random);
            for (String file : sampled.subList(0, Math.min(SAMPLED_MEMORY_FILES, sampled.size()))) {
                readMemory(file);
                writeMemory(file);
            }
        }
        if (path.matches("pid/[0-9]+") && names.contains("virt2phys")) {
            virt2phys(path);
        }
    }

    /** The tables whose lines all have one width: rows of the process's lists, then their partial: lines. */
    private static boolean isFixedWidth(String path) {
        return path.endsWith("/threads/threads.txt") || path.endsWith("/modules/modules.txt") || path.endsWith("/memmap/vad.txt");
    }

    private static boolean isMemoryFile(String name) {
        return name.endsWith(".vmem") || name.endsWith(".pmem") || name.endsWith(".dmp") || name.endsWith(".mem");
    }

    /** Reads a text file from start to end (its middle skipped beyond a few MiB), checking it is as long as stat says. */
    private void readText(String path, long size) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(TEXT_CHUNK);
        boolean whole = true;
        for (long offset = 0; offset < size; ) {
            if (offset >= TEXT_CAP && offset < size - TEXT_CHUNK) {
                offset = size - TEXT_CHUNK;
                whole = false;
            }
            long at = offset;
            buffer.clear();
            Result<Integer> read = call(Op.READ_TEXT, path, () -> vfs.read(path, at, buffer));
            if (!read.ok()) {
                return;
            }
            int n = read.value();
            if (n < 0 || n > TEXT_CHUNK || buffer.position() != n) {
                lie("a read of " + path + " at " + at + " returned " + n + " and filled " + buffer.position() + " bytes");
                return;
            }
            if (n == 0) {
                lie(path + " ends at " + at + " but stat says it holds " + size + " bytes");
                return;
            }
            content.write(buffer.array(), 0, n);
            offset += n;
        }
        Result<Integer> past = call(Op.READ_TEXT, path, () -> vfs.read(path, size, ByteBuffer.allocate(16)));
        if (past.ok() && past.value() != 0) {
            lie("a read of " + path + " at its size " + size + " returned " + past.value() + " bytes");
        }
        String text = content.toString(StandardCharsets.UTF_8);
        report.problemLines(text.lines().filter(line -> line.contains("partial:")).count());
        if (whole && isFixedWidth(path) && content.size() > 0) {
            byte[] bytes = content.toByteArray();
            int width = 0;
            while (bytes[width] != '\n' && width + 1 < bytes.length) {
                width++;
            }
            for (int line = 0; line * (long) (width + 1) < bytes.length; line++) {
                int end = line * (width + 1) + width;
                if (end >= bytes.length || bytes[end] != '\n') {
                    lie(path + " is a fixed-width table but line " + line + " is not " + (width + 1) + " bytes long");
                    break;
                }
            }
        }
        if (whole && keep.contains(path)) {
            kept.put(path, text);
        }
    }

    /** Reads a memory file at its start, its last byte, random places, and once 256 KiB at a time. */
    private void readMemory(String path) {
        Result<FileAttributes> stat = call(Op.STAT, path, () -> vfs.stat(path));
        if (!stat.ok()) {
            return;
        }
        long size = stat.value().size();
        List<long[]> reads = new ArrayList<>();
        reads.add(new long[] {0, PAGE});
        if (size > 0) {
            reads.add(new long[] {size - 1, PAGE});
            reads.add(new long[] {Math.floorMod(random.nextLong(), size), PAGE});
            reads.add(new long[] {Math.floorMod(random.nextLong(), size), LONG_READ});
        }
        reads.add(new long[] {size, PAGE});
        for (long[] read : reads) {
            long offset = read[0];
            ByteBuffer buffer = ByteBuffer.allocate((int) read[1]);
            Result<Integer> done = call(Op.READ_MEMORY, path, () -> vfs.read(path, offset, buffer));
            if (done.ok()) {
                long expected = Math.max(0, Math.min(read[1], size - offset));
                if (done.value() != expected || buffer.position() != expected) {
                    lie("a read of " + read[1] + " bytes of " + path + " (size " + size + ") at " + offset + " returned "
                            + done.value() + " and filled " + buffer.position());
                }
            }
        }
    }

    /** Memory files of a read-only image must refuse writes. */
    private void writeMemory(String path) {
        Result<Integer> written = call(Op.WRITE_MEMORY, path, () -> vfs.write(path, 0, ByteBuffer.wrap(new byte[] {0x41})));
        if (written.ok()) {
            lie("a write to " + path + " of a read-only image succeeded");
        } else if (!(written.failure() instanceof VfsException v && v.kind() == VfsException.Kind.READ_ONLY)) {
            lie("a write to " + path + " of a read-only image failed with " + written.failure() + ", not as read-only");
        }
    }

    /** Writes addresses to virt.txt (a region's, a random one, a kernel one, text that is no address) and reads what they select. */
    private void virt2phys(String process) {
        String dir = process + "/virt2phys";
        String virt = dir + "/virt.txt";
        Result<List<String>> names = call(Op.LIST, dir, () -> vfs.names(dir));
        if (!names.ok()) {
            return;
        }
        List<Long> starts = regionStarts.getOrDefault(process, List.of());
        long[] addresses = {
            starts.isEmpty() ? 0x10000 : starts.get(random.nextInt(starts.size())) + random.nextInt(PAGE),
            random.nextLong() & 0x7fff_ffff_f000L,
            0xffff_f800_0000_0000L + (random.nextLong() & 0x7_ffff_f000L),
        };
        for (long address : addresses) {
            byte[] text = ("0x" + Long.toHexString(address) + "\n").getBytes(StandardCharsets.US_ASCII);
            Result<Integer> written = call(Op.WRITE_VIRT, virt, () -> vfs.write(virt, 0, ByteBuffer.wrap(text)));
            if (!written.ok()) {
                continue;
            }
            ByteBuffer back = ByteBuffer.allocate(64);
            Result<Integer> read = call(Op.READ_TEXT, virt, () -> vfs.read(virt, 0, back));
            String expected = Hex.u64(address) + "\n";
            if (read.ok() && !new String(back.array(), 0, back.position(), StandardCharsets.US_ASCII).equals(expected)) {
                lie(virt + " reads " + new String(back.array(), 0, back.position(), StandardCharsets.US_ASCII).strip()
                        + " after " + expected.strip() + " was written");
            }
            for (String name : names.value()) {
                String file = dir + "/" + name;
                if (name.endsWith(".mem")) {
                    readMemory(file);
                } else if (!name.equals("virt.txt")) {
                    Result<FileAttributes> stat = call(Op.STAT, file, () -> vfs.stat(file));
                    if (stat.ok()) {
                        readText(file, stat.value().size());
                    }
                }
            }
        }
        for (String bad : List.of("not an address\n", "0x" + "f".repeat(70) + "\n")) {
            Result<Integer> refused = call(Op.WRITE_VIRT, virt, () -> vfs.write(virt, 0,
                    ByteBuffer.wrap(bad.getBytes(StandardCharsets.US_ASCII))));
            if (refused.ok()) {
                lie(virt + " took '" + bad.strip() + "'");
            }
        }
    }
}
