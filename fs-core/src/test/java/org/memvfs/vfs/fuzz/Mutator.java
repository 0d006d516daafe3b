package org.memvfs.vfs.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;
import org.memvfs.vfs.fuzz.FuzzSample.Structure;
import org.memvfs.vfs.fuzz.FuzzSample.Target;
import org.memvfs.win.sample.SampleModule;
import org.memvfs.win.sample.SampleProcess;
import org.memvfs.win.sample.SampleThread;
import org.memvfs.win.sample.SampleVad;

/**
 * Corrupts a copy of a sample image. Random mutations (bit flips, garbage, zeros, pointers
 * redirected into other structures or back at themselves, truncation) test that nothing hangs or
 * fails outside the declared exceptions; breaks (one list link or tree child aimed at an address
 * that does not translate, one name made invalid) also say which file must then name what could
 * not be read.
 */
final class Mutator {
    /** What was done to the image. */
    enum Kind {
        BIT_FLIP, GARBAGE, ZERO, REDIRECT, SELF_LOOP, TRUNCATE,
        BREAK_PROCESS_LINK, BREAK_THREAD_LINK, BREAK_VAD_CHILD, BREAK_LDR_LINK, BREAK_NAME
    }

    /** One change, in words. */
    record Mutation(Kind kind, String description) {
        @Override
        public String toString() {
            return kind + ": " + description;
        }
    }

    /** A file of the tree that must name what a break made unreadable: a {@code partial:} line holding {@code token}. */
    record Expectation(String path, String token, String why) {
    }

    /** The changes made to one image, and what the tree must then show. */
    record Plan(List<Mutation> mutations, List<Expectation> expectations) {
        boolean has(Kind kind) {
            return mutations.stream().anyMatch(m -> m.kind() == kind);
        }
    }

    private static final Kind[] RANDOM = {Kind.BIT_FLIP, Kind.GARBAGE, Kind.ZERO, Kind.REDIRECT, Kind.SELF_LOOP};
    private static final Kind[] BREAKS = {Kind.BREAK_PROCESS_LINK, Kind.BREAK_THREAD_LINK, Kind.BREAK_VAD_CHILD,
        Kind.BREAK_LDR_LINK, Kind.BREAK_NAME};
    /** A present, writable, user, accessed and dirty page-table entry's low bits. */
    private static final long PTE_BITS = 0x67;
    private static final long UNMAPPED_KERNEL_X64 = 0xffff_c000_0dea_0000L;
    private static final long UNMAPPED_KERNEL_X86 = 0xdea0_0000L;
    private static final long UNMAPPED_USER = 0x0dea_0000L;

    private final FuzzSample sample;
    private final FuzzedMemory memory;
    private final Random random;
    private final List<Mutation> mutations = new ArrayList<>();
    private final List<Expectation> expectations = new ArrayList<>();

    private Mutator(FuzzSample sample, FuzzedMemory memory, Random random) {
        this.sample = sample;
        this.memory = memory;
        this.random = random;
    }

    /** Corrupts {@code memory}, a fresh copy of {@code sample}, as {@code random} chooses. */
    static Plan mutate(FuzzSample sample, FuzzedMemory memory, Random random) {
        Mutator mutator = new Mutator(sample, memory, random);
        int roll = random.nextInt(100);
        if (roll < 20) {
            mutator.apply(BREAKS[random.nextInt(BREAKS.length)]);
        } else if (roll < 30) {
            mutator.apply(Kind.TRUNCATE);
            if (random.nextBoolean()) {
                mutator.apply(RANDOM[random.nextInt(RANDOM.length)]);
            }
        } else {
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                mutator.apply(RANDOM[random.nextInt(RANDOM.length)]);
            }
        }
        return new Plan(List.copyOf(mutator.mutations), List.copyOf(mutator.expectations));
    }

    /** Applies one mutation of {@code kind} (used by {@link #mutate} and by tests that want a given kind). */
    static Plan mutate(FuzzSample sample, FuzzedMemory memory, Random random, Kind kind) {
        Mutator mutator = new Mutator(sample, memory, random);
        mutator.apply(kind);
        return new Plan(List.copyOf(mutator.mutations), List.copyOf(mutator.expectations));
    }

    private void apply(Kind kind) {
        switch (kind) {
            case BIT_FLIP -> bitFlips(target());
            case GARBAGE -> overwrite(Kind.GARBAGE, target());
            case ZERO -> overwrite(Kind.ZERO, target());
            case REDIRECT -> redirect(target());
            case SELF_LOOP -> selfLoop(target());
            case TRUNCATE -> truncate();
            case BREAK_PROCESS_LINK -> breakProcessLink();
            case BREAK_THREAD_LINK -> breakThreadLink();
            case BREAK_VAD_CHILD -> breakVadChild();
            case BREAK_LDR_LINK -> breakLdrLink();
            case BREAK_NAME -> breakName();
        }
    }

    /** A target of a random kind that has any. */
    private Target target() {
        while (true) {
            Structure kind = Structure.values()[random.nextInt(Structure.values().length)];
            List<Target> of = sample.targets(kind);
            if (!of.isEmpty()) {
                return of.get(random.nextInt(of.size()));
            }
        }
    }

    private void bitFlips(Target target) {
        int flips = 1 + random.nextInt(8);
        List<String> done = new ArrayList<>();
        for (int i = 0; i < flips; i++) {
            int offset = random.nextInt(target.length());
            Optional<Pa> pa = sample.physical(target, offset);
            if (pa.isEmpty()) {
                continue;
            }
            int bit = random.nextInt(8);
            byte[] b = memory.get(pa.get(), 1);
            b[0] ^= (byte) (1 << bit);
            memory.put(pa.get(), b);
            done.add("+" + Integer.toHexString(offset) + " bit " + bit);
        }
        record(Kind.BIT_FLIP, target, String.join(", ", done));
    }

    private void overwrite(Kind kind, Target target) {
        int length = random.nextInt(5) == 0 ? target.length() : 1 + random.nextInt(Math.min(64, target.length()));
        int offset = random.nextInt(target.length() - length + 1);
        byte[] bytes = new byte[length];
        if (kind == Kind.GARBAGE) {
            random.nextBytes(bytes);
        }
        put(target, offset, bytes);
        record(kind, target, length + " bytes at +" + Integer.toHexString(offset));
    }

    /** A pointer of the target aimed at another structure (another table page, for a page table). */
    private void redirect(Target target) {
        if (target.isPhysical()) {
            Target other = target();
            Optional<Pa> to = sample.physical(other, 0);
            if (to.isEmpty()) {
                record(Kind.REDIRECT, target, "nothing (" + other.what() + " does not translate)");
                return;
            }
            int slot = random.nextInt(target.length() / 8) * 8;
            put(target, slot, bytes(to.get().alignDown(FuzzedMemory.PAGE).value() | PTE_BITS, 8));
            record(Kind.REDIRECT, target, "entry +" + Integer.toHexString(slot) + " -> " + other.what());
            return;
        }
        int slot = pointerSlot(target);
        Target other = sameSpace(target);
        long[] deltas = {0, 0, 0, sample.pointerSize(), -sample.pointerSize(), 16, -16, 0x100};
        long value = other.address() + deltas[random.nextInt(deltas.length)];
        put(target, slot, bytes(value, sample.pointerSize()));
        record(Kind.REDIRECT, target, "pointer +" + Integer.toHexString(slot) + " -> " + new Va(value) + " (" + other.what() + ")");
    }

    /** A pointer of the target aimed back at the target itself: a list entry or tree node that leads to itself, a table that maps itself. */
    private void selfLoop(Target target) {
        if (target.isPhysical()) {
            int slot = random.nextInt(target.length() / 8) * 8;
            put(target, slot, bytes(target.address() | PTE_BITS, 8));
            record(Kind.SELF_LOOP, target, "entry +" + Integer.toHexString(slot) + " -> the table itself");
            return;
        }
        int slot = pointerSlot(target);
        put(target, slot, bytes(target.address(), sample.pointerSize()));
        record(Kind.SELF_LOOP, target, "pointer +" + Integer.toHexString(slot) + " -> itself");
    }

    private int pointerSlot(Target target) {
        if (!target.links().isEmpty() && random.nextInt(4) != 0) {
            return target.links().get(random.nextInt(target.links().size()));
        }
        int slots = Math.max(1, target.length() / sample.pointerSize());
        return random.nextInt(slots) * sample.pointerSize();
    }

    /** Another structure in the same kind of address space: the kernel's for kernel structures, a process's for user ones. */
    private Target sameSpace(Target target) {
        boolean kernel = target.root().equals(sample.manifest().systemDtb());
        for (int tried = 0; ; tried++) {
            Target other = target();
            if (!other.isPhysical() && (other.root().equals(sample.manifest().systemDtb()) == kernel || tried > 100)) {
                return other;
            }
        }
    }

    private void truncate() {
        long full = sample.image().physicalSize();
        long size = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(1 << 20);
            case 1 -> (long) random.nextInt((int) (full / FuzzedMemory.PAGE)) * FuzzedMemory.PAGE;
            case 2 -> (long) (random.nextDouble() * full);
            default -> full - 1 - random.nextInt(1 << 16);
        };
        memory.truncate(size);
        mutations.add(new Mutation(Kind.TRUNCATE, "image cut to " + size + " of " + full + " bytes"));
    }

    private SampleProcess process(java.util.function.Predicate<SampleProcess> wanted) {
        List<SampleProcess> fit = sample.manifest().processes().stream().skip(1).filter(wanted)
                .filter(p -> sample.manifest().processes().stream().filter(q -> q.pid() == p.pid()).count() == 1).toList();
        return fit.get(random.nextInt(fit.size()));
    }

    private long unmappedKernel() {
        return sample.unmapped(sample.manifest().systemDtb(), sample.profile().is64Bit() ? UNMAPPED_KERNEL_X64
                : UNMAPPED_KERNEL_X86).value();
    }

    private void breakProcessLink() {
        SampleProcess p = process(q -> true);
        long bad = unmappedKernel();
        Target links = find(Structure.PROCESS_LINKS, p.pid(), "ActiveProcessLinks");
        put(links, sample.profile().offset("_LIST_ENTRY", "Flink"), bytes(bad, sample.pointerSize()));
        record(Kind.BREAK_PROCESS_LINK, links, "Flink -> " + new Va(bad));
        expect("sys/proc/proc.txt", bad, "the process list breaks after pid " + p.pid());
    }

    private void breakThreadLink() {
        SampleProcess p = process(q -> !q.threads().isEmpty());
        SampleThread t = p.threads().get(random.nextInt(p.threads().size()));
        long bad = unmappedKernel();
        Target links = find(Structure.THREAD_LINKS, p.pid(), "thread " + t.tid() + " ");
        put(links, sample.profile().offset("_LIST_ENTRY", "Flink"), bytes(bad, sample.pointerSize()));
        record(Kind.BREAK_THREAD_LINK, links, "Flink -> " + new Va(bad));
        expect("pid/" + p.pid() + "/threads/threads.txt", bad, "the thread list of pid " + p.pid() + " breaks after thread " + t.tid());
    }

    private void breakVadChild() {
        SampleProcess p = process(q -> q.vads().size() >= 2);
        long bad = unmappedKernel();
        List<SampleVad> vads = new ArrayList<>(p.vads());
        java.util.Collections.shuffle(vads, random);
        for (SampleVad vad : vads) {
            Target node = find(Structure.VAD, p.pid(), "VAD " + vad.start() + " ");
            for (int child : node.links()) {
                if (sample.pointerAt(sample.manifest().systemDtb(), vad.node().plus(child)) != 0) {
                    put(node, child, bytes(bad, sample.pointerSize()));
                    record(Kind.BREAK_VAD_CHILD, node, "child +" + Integer.toHexString(child) + " -> " + new Va(bad));
                    expect("pid/" + p.pid() + "/memmap/vad.txt", bad, "the VAD tree of pid " + p.pid() + " breaks below " + vad.start());
                    return;
                }
            }
        }
        throw new IllegalStateException("pid " + p.pid() + " has VADs but no VAD node with a child");
    }

    private void breakLdrLink() {
        SampleProcess p = process(q -> q.isRunning() && q.peb() != null && !q.modules().isEmpty());
        SampleModule m = p.modules().get(random.nextInt(p.modules().size()));
        long bad = sample.unmapped(sample.rootOf(p), UNMAPPED_USER).value();
        Target links = find(Structure.LDR_LINKS, p.pid(), "InLoadOrderLinks of " + m.baseName() + " ");
        put(links, sample.profile().offset("_LIST_ENTRY", "Flink"), bytes(bad, sample.pointerSize()));
        record(Kind.BREAK_LDR_LINK, links, "Flink -> " + new Va(bad));
        expect("pid/" + p.pid() + "/modules/modules.txt", bad, "the loader list of pid " + p.pid() + " breaks after " + m.baseName());
    }

    /** A module's FullDllName whose Length is larger than its MaximumLength: not a string. */
    private void breakName() {
        SampleProcess p = process(q -> q.isRunning() && q.peb() != null && !q.modules().isEmpty());
        SampleModule m = p.modules().get(random.nextInt(p.modules().size()));
        Target name = find(Structure.NAME, p.pid(), "FullDllName of " + m.baseName() + " of pid " + p.pid() + " (UNICODE_STRING)");
        put(name, sample.profile().offset("_UNICODE_STRING", "Length"), bytes(0xfffe, 2));
        put(name, sample.profile().offset("_UNICODE_STRING", "MaximumLength"), bytes(0x10, 2));
        record(Kind.BREAK_NAME, name, "Length 0xfffe, MaximumLength 0x10");
        expect("pid/" + p.pid() + "/modules/modules.txt", name.address(), "the name of " + m.baseName() + " of pid "
                + p.pid() + " is not a string");
    }

    private Target find(Structure kind, int pid, String what) {
        return sample.targets(kind).stream().filter(t -> t.pid() == pid && t.what().contains(what)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + kind + " '" + what + "' of pid " + pid + " in " + sample));
    }

    private void expect(String path, long address, String why) {
        expectations.add(new Expectation(path, new Va(address).toString(), why));
    }

    private void put(Target target, int offset, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            int at = offset + i;
            Optional<Pa> pa = sample.physical(target, at);
            pa.ifPresent(p -> memory.put(p, new byte[] {bytes[at - offset]}));
        }
    }

    private byte[] bytes(long value, int size) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
        byte[] out = new byte[size];
        b.get(0, out);
        return out;
    }

    private void record(Kind kind, Target target, String detail) {
        mutations.add(new Mutation(kind, target.what() + ": " + detail));
    }
}
