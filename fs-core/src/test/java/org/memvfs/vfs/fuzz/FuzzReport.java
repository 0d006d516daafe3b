package org.memvfs.vfs.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.memvfs.mmu.MemoryException;
import org.memvfs.vfs.VfsException;

/**
 * What a fuzz run did and found: images tried (by build and by mutation), operations (by kind),
 * how each ended (declared failures by exception, then the ones that must never happen: hangs,
 * exceptions outside the {@link MemoryException} family, answers that contradict themselves), the
 * {@code partial:} lines seen, and whether each break was named where it was made. Safe for use
 * from the walking thread and the supervising one.
 */
final class FuzzReport {
    /** The operations on the tree, as the report counts them. */
    enum Op {
        OPEN, LIST, STAT, READ_TEXT, READ_MEMORY, WRITE_VIRT, WRITE_MEMORY
    }

    private static final int MAX_SAMPLES = 12;

    private long images;
    private long opened;
    private final Map<String, Long> byProfile = new TreeMap<>();
    private final Map<Mutator.Kind, Long> byMutation = new EnumMap<>(Mutator.Kind.class);
    private final Map<String, Long> notOpened = new TreeMap<>();
    private final Map<Op, Long> operations = new EnumMap<>(Op.class);
    private final Map<String, Long> declared = new TreeMap<>();
    private final Map<String, Long> unexpected = new TreeMap<>();
    private final List<String> unexpectedSamples = new ArrayList<>();
    private long hangs;
    private final List<String> hangSamples = new ArrayList<>();
    private long lies;
    private final List<String> lieSamples = new ArrayList<>();
    private long problemLines;
    private long expectationsChecked;
    private long expectationsMet;
    private final List<String> missedSamples = new ArrayList<>();
    private long silentShortfalls;
    private final List<String> shortfallSamples = new ArrayList<>();
    private long slowestNanos;
    private String slowest = "";
    private long slowestImageNanos;
    private String slowestImage = "";
    private Duration elapsed = Duration.ZERO;

    synchronized void image(String profile, Mutator.Plan plan) {
        images++;
        byProfile.merge(profile, 1L, Long::sum);
        plan.mutations().stream().map(Mutator.Mutation::kind).distinct().forEach(k -> byMutation.merge(k, 1L, Long::sum));
    }

    synchronized void opened() {
        opened++;
    }

    synchronized void notOpened(Throwable e) {
        notOpened.merge(e.getClass().getSimpleName(), 1L, Long::sum);
    }

    synchronized void ok(Op op, long nanos, String what) {
        operations.merge(op, 1L, Long::sum);
        if (nanos > slowestNanos) {
            slowestNanos = nanos;
            slowest = what;
        }
    }

    synchronized void declared(Op op, MemoryException e) {
        operations.merge(op, 1L, Long::sum);
        String kind = e instanceof VfsException v ? "VfsException " + v.kind() : e.getClass().getSimpleName();
        declared.merge(kind, 1L, Long::sum);
    }

    synchronized void unexpected(Op op, String image, String path, Throwable e) {
        operations.merge(op, 1L, Long::sum);
        unexpected.merge(e.getClass().getName(), 1L, Long::sum);
        if (unexpectedSamples.size() < MAX_SAMPLES) {
            StringBuilder trace = new StringBuilder(image + " " + op + " " + path + ": " + e);
            StackTraceElement[] frames = e.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, 16); i++) {
                trace.append("\n      at ").append(frames[i]);
            }
            trace.append(frames.length > 16 ? "\n      … " + (frames.length - 16) + " more frames" : "");
            unexpectedSamples.add(trace.toString());
        }
    }

    synchronized void hang(String image, String operation, Duration deadline) {
        hangs++;
        if (hangSamples.size() < MAX_SAMPLES) {
            hangSamples.add(image + ": " + operation + " still running after " + deadline.toSeconds() + " s");
        }
    }

    synchronized void lie(String image, String what) {
        lies++;
        if (lieSamples.size() < MAX_SAMPLES) {
            lieSamples.add(image + ": " + what);
        }
    }

    synchronized void problemLines(long count) {
        problemLines += count;
    }

    synchronized void expectation(boolean met, String image, String what) {
        expectationsChecked++;
        if (met) {
            expectationsMet++;
        } else if (missedSamples.size() < MAX_SAMPLES) {
            missedSamples.add(image + ": " + what);
        }
    }

    synchronized void silentShortfall(String image, String what) {
        silentShortfalls++;
        if (shortfallSamples.size() < MAX_SAMPLES) {
            shortfallSamples.add(image + ": " + what);
        }
    }

    synchronized void imageTime(long nanos, String image) {
        if (nanos > slowestImageNanos) {
            slowestImageNanos = nanos;
            slowestImage = image;
        }
    }

    synchronized void elapsed(Duration time) {
        elapsed = time;
    }

    synchronized long images() {
        return images;
    }

    synchronized long openedImages() {
        return opened;
    }

    synchronized long operations() {
        return operations.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized long hangs() {
        return hangs;
    }

    synchronized long unexpected() {
        return unexpected.values().stream().mapToLong(Long::longValue).sum();
    }

    synchronized long lies() {
        return lies;
    }

    synchronized long problemLines() {
        return problemLines;
    }

    synchronized long expectationsChecked() {
        return expectationsChecked;
    }

    synchronized long expectationsMissed() {
        return expectationsChecked - expectationsMet;
    }

    synchronized long silentShortfalls() {
        return silentShortfalls;
    }

    /** Whether nothing that must never happen happened. */
    synchronized boolean isClean() {
        return hangs == 0 && unexpected() == 0 && lies == 0 && expectationsMissed() == 0;
    }

    @Override
    public synchronized String toString() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("fuzz: %d images in %.1f s (%s)%n", images, elapsed.toMillis() / 1000.0, byProfile));
        text.append(String.format("  mutations (images with each): %s%n", byMutation));
        text.append(String.format("  opened: %d; not opened: %s%n", opened, notOpened));
        text.append(String.format("  operations: %d %s%n", operations(), operations));
        text.append(String.format("  declared failures (MemoryException family): %d %s%n",
                declared.values().stream().mapToLong(Long::longValue).sum(), declared));
        text.append(String.format("  hangs: %d   exceptions outside the family: %d %s   self-contradictions: %d%n", hangs,
                unexpected(), unexpected, lies));
        text.append(String.format("  partial: lines seen: %d   breaks named where made: %d of %d   lists silently short: %d%n",
                problemLines, expectationsMet, expectationsChecked, silentShortfalls));
        text.append(String.format("  slowest operation: %.3f s (%s); slowest image: %.2f s (%s)%n", slowestNanos / 1e9, slowest,
                slowestImageNanos / 1e9, slowestImage));
        samples(text, "hang", hangSamples);
        samples(text, "outside the family", unexpectedSamples);
        samples(text, "self-contradiction", lieSamples);
        samples(text, "break not named", missedSamples);
        samples(text, "silently short", shortfallSamples);
        return text.toString();
    }

    private static void samples(StringBuilder text, String what, List<String> samples) {
        for (String sample : samples) {
            text.append("  ").append(what).append(": ").append(sample).append('\n');
        }
    }
}
