package org.memvfs.vfs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MappedRun;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;
import org.memvfs.vfs.Vfs;
import org.memvfs.vfs.fuzz.FuzzSample.Structure;
import org.memvfs.vfs.fuzz.FuzzSample.Target;
import org.memvfs.vfs.win.WindowsOsKernel;
import org.memvfs.win.KernelOptions;
import org.memvfs.win.locate.KernelNotFoundException;
import org.memvfs.win.sample.SampleModule;
import org.memvfs.win.sample.SampleProcess;
import org.memvfs.win.sample.SampleThread;
import org.memvfs.win.sample.SampleVad;

/**
 * Deliberate traps, each laid in a sample image where a real kernel keeps the structure, then the
 * tree opened and read as memvfs reads any image: every operation ends within a bound, the parts
 * that can be read are shown, and what was cut off is named where it shows.
 */
class CorruptImageTrapsTest {
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final Map<String, FuzzSample> SAMPLES = new ConcurrentHashMap<>();

    private static FuzzSample sample(String profile) {
        return SAMPLES.computeIfAbsent(profile, FuzzSample::build);
    }

    private static Vfs open(FuzzedMemory memory) {
        return assertTimeoutPreemptively(BOUND, () -> new Vfs(WindowsOsKernel.open(memory, new MemoryCaches(),
                KernelOptions.DEFAULT)));
    }

    private static String text(Vfs vfs, String path) {
        return assertTimeoutPreemptively(BOUND, () -> {
            long size = vfs.stat(path).size();
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && vfs.read(path, buffer.position(), buffer) > 0) {
                // reads until full
            }
            assertThat(buffer.position()).as("bytes of %s", path).isEqualTo(size);
            return new String(buffer.array(), StandardCharsets.UTF_8);
        });
    }

    /** Walks everything under {@code path} as the fuzzer does, within the bound, and checks nothing failed outside the family. */
    private static FuzzReport walk(Vfs vfs, String path) {
        FuzzReport report = new FuzzReport();
        TreeWalk walk = new TreeWalk(vfs, new Random(7), new TreeWalk.Progress(), report, path, Set.of());
        assertTimeoutPreemptively(BOUND, () -> walk.walk(path));
        assertThat(report.unexpected()).as("exceptions outside the MemoryException family\n%s", report).isZero();
        assertThat(report.lies()).as("self-contradictions\n%s", report).isZero();
        return report;
    }

    private static Target target(FuzzSample sample, Structure kind, int pid, String what) {
        return sample.targets(kind).stream().filter(t -> t.pid() == pid && t.what().contains(what)).findFirst().orElseThrow();
    }

    private static void put(FuzzSample sample, FuzzedMemory memory, Target target, int offset, long value, int size) {
        byte[] bytes = new byte[size];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).put(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(0, value).array(), 0, size);
        for (int i = 0; i < size; i++) {
            memory.put(sample.physical(target, offset + i).orElseThrow(), new byte[] {bytes[i]});
        }
    }

    private static void pointer(FuzzSample sample, FuzzedMemory memory, Target target, int offset, long value) {
        put(sample, memory, target, offset, value, sample.pointerSize());
    }

    private static int flink(FuzzSample sample) {
        return sample.profile().offset("_LIST_ENTRY", "Flink");
    }

    private static List<String> partialLines(String text) {
        return text.lines().filter(line -> line.startsWith("# partial: ")).map(String::strip).toList();
    }

    private static List<SampleProcess> uniquePids(FuzzSample sample) {
        Map<Integer, Long> counts = new HashMap<>();
        sample.manifest().processes().forEach(p -> counts.merge(p.pid(), 1L, Long::sum));
        return sample.manifest().processes().stream().filter(p -> counts.get(p.pid()) == 1).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"win10-19041-x64", "win7-7601-x86-pae", "win11-26100-x64"})
    void activeProcessLinksThatLoopEndTheProcessListWhereTheyLoopAndSaySo(String profile) {
        FuzzSample sample = sample(profile);
        FuzzedMemory memory = sample.copy();
        List<SampleProcess> processes = sample.manifest().processes();
        int last = processes.size() / 2;
        Target from = target(sample, Structure.PROCESS_LINKS, processes.get(last).pid(), "ActiveProcessLinks");
        Target back = target(sample, Structure.PROCESS_LINKS, processes.get(2).pid(), "ActiveProcessLinks");
        pointer(sample, memory, from, flink(sample), back.address());

        Vfs vfs = open(memory);
        Set<String> listed = new HashSet<>(vfs.names("pid"));
        Set<String> expected = new HashSet<>();
        processes.subList(0, last + 1).forEach(p -> expected.add(Integer.toString(p.pid())));
        assertThat(listed).isEqualTo(expected);
        assertThat(partialLines(text(vfs, "sys/proc/proc.txt"))).containsExactly("# partial: ActiveProcessLinks: the Flink of "
                + new Va(from.address()) + " leads back to " + new Va(back.address())
                + ", seen before (a cycle that misses the head); stopped after " + (last + 1) + " entries");
        walk(vfs, "pid/" + processes.get(last).pid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"win10-19041-x64", "win7-7601-x64", "win10-19041-x86"})
    void aVadTreeWhoseChildrenPointBackUpListsEveryRegionOnceAndNamesTheLoops(String profile) {
        FuzzSample sample = sample(profile);
        FuzzedMemory memory = sample.copy();
        SampleProcess p = uniquePids(sample).stream().filter(q -> q.isRunning() && q.vads().size() >= 15
                && q.vads().size() < 1000).findFirst().orElseThrow();
        Map<Long, Long> parent = new HashMap<>();
        List<Target> nodes = new ArrayList<>();
        for (SampleVad vad : p.vads()) {
            Target node = target(sample, Structure.VAD, p.pid(), "VAD " + vad.start() + " ");
            nodes.add(node);
            for (int child : node.links()) {
                long value = sample.pointerAt(sample.manifest().systemDtb(), new Va(node.address() + child));
                if (value != 0) {
                    parent.put(sample.profile().is64Bit() ? value : value & 0xffff_ffffL, node.address());
                }
            }
        }
        long root = nodes.stream().mapToLong(Target::address).filter(a -> !parent.containsKey(a)).findFirst().orElseThrow();
        Target leaf = nodes.stream().filter(n -> parent.containsKey(n.address()) && parent.get(n.address()) != root
                && n.links().stream().allMatch(c -> sample.pointerAt(sample.manifest().systemDtb(),
                        new Va(n.address() + c)) == 0)).findFirst().orElseThrow();
        long up = parent.get(leaf.address());
        pointer(sample, memory, leaf, leaf.links().get(0), up);
        pointer(sample, memory, leaf, leaf.links().get(1), root);

        Vfs vfs = open(memory);
        String dir = "pid/" + p.pid() + "/";
        List<String> rows = text(vfs, dir + "memmap/vad.txt").lines().skip(1).filter(l -> !l.startsWith("#")).toList();
        assertThat(rows).hasSameSizeAs(p.vads());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).contains(p.vads().get(i).start() + "-" + p.vads().get(i).end());
        }
        String owner = "VAD tree of process " + p.pid() + " (EPROCESS " + p.eprocess() + "): node ";
        assertThat(partialLines(text(vfs, dir + "memmap/vad.txt"))).containsExactlyInAnyOrder(
                "# partial: " + owner + new Va(up) + " is reached twice (a cycle); skipped",
                "# partial: " + owner + new Va(root) + " is reached twice (a cycle); skipped");
        assertThat(vfs.names(dir + "vmemd")).hasSameSizeAs(p.vads());
        walk(vfs, "pid/" + p.pid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"win10-19041-x64", "win7-7601-x64"})
    void aPageTableThatMapsItselfAtEveryLevelKeepsEveryReadBoundedAndConsistent(String profile) {
        FuzzSample sample = sample(profile);
        FuzzedMemory memory = sample.copy();
        SampleProcess p = uniquePids(sample).stream().filter(q -> q.isRunning() && q.peb() != null && q.vads().size() >= 5
                && q.vads().size() < 1000).findFirst().orElseThrow();
        Pa table = sample.rootOf(p);
        ByteBuffer entries = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        long entry = table.value() | 0x67;
        for (int i = 0; i < 512; i++) {
            entries.putLong(i * 8, entry);
        }
        memory.put(table, entries.array());

        Vfs vfs = open(memory);
        String dir = "pid/" + p.pid() + "/";
        walk(vfs, dir.substring(0, dir.length() - 1));
        String pte = text(vfs, dir + "memmap/pte.txt");
        assertThat(pte.lines().filter(l -> !l.startsWith("#") && !l.contains("start"))).as("runs listed through the self-reference")
                .isEmpty();
        assertThat(pte).contains("# left out: PML4 entry 000 of the table at " + table + " points back at the table at " + table
                + ", on its own path").contains("# left out: and 248 more entries like these");
        // every address walks the one table at all four levels and lands on it, whatever the read's length
        byte[] tableBytes = entries.array();
        long at = 0x7ff6_1234_5000L;
        for (int length : new int[] {4096, 128 << 10, 1 << 20}) {
            ByteBuffer read = ByteBuffer.allocate(length);
            assertTimeoutPreemptively(BOUND, () -> vfs.read(dir + "memory.vmem", at, read));
            for (int page = 0; page < length / 4096; page++) {
                assertThat(java.util.Arrays.copyOfRange(read.array(), page * 4096, page * 4096 + 4096))
                        .as("page %d of a %d-byte read", page, length).isEqualTo(tableBytes);
            }
        }
        String region = vfs.names(dir + "vmemd").get(0);
        ByteBuffer regionRead = ByteBuffer.allocate(64 << 10);
        assertTimeoutPreemptively(BOUND, () -> vfs.read(dir + "vmemd/" + region, 0, regionRead));
        assertThat(java.util.Arrays.copyOf(regionRead.array(), 4096)).isEqualTo(tableBytes);
        vfs.write(dir + "virt2phys/virt.txt", 0, ByteBuffer.wrap("0x7ff612345678\n".getBytes(StandardCharsets.US_ASCII)));
        List<String> map = text(vfs, dir + "virt2phys/map.txt").lines().toList();
        assertThat(map.subList(0, 4)).allSatisfy(line -> assertThat(line).contains(" " + table + " +")
                .endsWith(" " + Hex.u64(entry)));
        assertThat(map.get(4)).isEqualTo("PAGE " + table);
        assertThat(text(vfs, dir + "virt2phys/phys.txt")).isEqualTo(Hex.u64(table.value() + 0x678) + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"win10-19041-x64", "win7-7601-x86-pae", "win11-22621-x64"})
    void aThreadListThatLinksIntoAnotherProcessKeepsOnlyItsOwnThreadsAndSaysWhereItStrayed(String profile) {
        FuzzSample sample = sample(profile);
        FuzzedMemory memory = sample.copy();
        List<SampleProcess> withThreads = uniquePids(sample).stream().filter(q -> q.pid() != 4 && q.threads().size() >= 2)
                .toList();
        SampleProcess a = withThreads.get(0);
        SampleProcess b = withThreads.get(1);
        SampleThread lastOfA = a.threads().get(a.threads().size() - 1);
        SampleThread firstOfB = b.threads().get(0);
        Target from = target(sample, Structure.THREAD_LINKS, a.pid(), "thread " + lastOfA.tid() + " ");
        Target into = target(sample, Structure.THREAD_LINKS, b.pid(), "thread " + firstOfB.tid() + " ");
        pointer(sample, memory, from, flink(sample), into.address());

        Vfs vfs = open(memory);
        String threadsOfA = text(vfs, "pid/" + a.pid() + "/threads/threads.txt");
        assertThat(tids(threadsOfA)).containsExactlyElementsOf(a.threads().stream().map(t -> Integer.toString(t.tid())).toList());
        assertThat(vfs.names("pid/" + a.pid() + "/threads")).doesNotContain(Integer.toString(firstOfB.tid()));
        assertThat(partialLines(threadsOfA)).anySatisfy(line -> assertThat(line).contains("ThreadListHead of process "
                + a.pid()).contains("entries are threads of another process, the first at " + firstOfB.ethread()
                + " (pid " + b.pid() + "); left out"));
        String threadsOfB = text(vfs, "pid/" + b.pid() + "/threads/threads.txt");
        assertThat(tids(threadsOfB)).containsExactlyElementsOf(b.threads().stream().map(t -> Integer.toString(t.tid())).toList());
        assertThat(partialLines(threadsOfB)).isEmpty();
        walk(vfs, "pid/" + a.pid());
    }

    private static List<String> tids(String threadsTxt) {
        return threadsTxt.lines().skip(1).filter(l -> !l.startsWith("#")).map(l -> l.strip().split("\\s+")[1]).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"win10-19041-x64", "win10-19041-x86"})
    void aUnicodeStringClaiming64KiBOfANameIsReadWithinItsBufferAndShownUnderASafeName(String profile) {
        FuzzSample sample = sample(profile);
        FuzzedMemory memory = sample.copy();
        SampleProcess p = null;
        MappedRun run = null;
        for (SampleProcess candidate : uniquePids(sample)) {
            if (candidate.isRunning() && candidate.peb() != null && candidate.modules().size() >= 2) {
                run = sample.space(sample.rootOf(candidate)).mappings(new Va(0), new Va(-1))
                        .filter(r -> r.length() >= 0x10000).findFirst().orElse(null);
                if (run != null) {
                    p = candidate;
                    break;
                }
            }
        }
        assertThat(p).as("a process with 64 KiB mapped in one run").isNotNull();
        SampleModule module = p.modules().get(1);
        int length = sample.profile().offset("_UNICODE_STRING", "Length");
        int maximum = sample.profile().offset("_UNICODE_STRING", "MaximumLength");
        int buffer = sample.profile().offset("_UNICODE_STRING", "Buffer");
        for (String field : List.of("BaseDllName of ", "FullDllName of ")) {
            Target name = target(sample, Structure.NAME, p.pid(), field + module.baseName() + " of pid " + p.pid()
                    + " (UNICODE_STRING)");
            put(sample, memory, name, length, 0xfffe, 2);
            put(sample, memory, name, maximum, 0xfffe, 2);
            pointer(sample, memory, name, buffer, run.start().value());
        }
        // a second module whose 64 KiB name runs off the end of what is mapped
        SampleModule cut = p.modules().get(0);
        Target cutName = target(sample, Structure.NAME, p.pid(), "FullDllName of " + cut.baseName() + " of pid " + p.pid()
                + " (UNICODE_STRING)");
        long nearEnd = run.start().value() + run.length() - 0x1000;
        put(sample, memory, cutName, length, 0xfffe, 2);
        put(sample, memory, cutName, maximum, 0xfffe, 2);
        pointer(sample, memory, cutName, buffer, nearEnd);

        Vfs vfs = open(memory);
        String dir = "pid/" + p.pid() + "/modules";
        List<String> names = vfs.names(dir);
        assertThat(names).as("modules.txt and a directory for every module but the one cut off")
                .hasSize(1 + p.modules().size() - 1 + p.wow64Modules().size());
        assertThat(names).allSatisfy(n -> {
            assertThat(n.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
            assertThat(n).doesNotContain("/").matches("[^\\x00-\\x1f\\x7f]+").isNotIn(".", "..");
        });
        String modules = text(vfs, dir + "/modules.txt");
        assertThat(modules.lines().map(l -> l.getBytes(StandardCharsets.UTF_8).length).distinct()).hasSize(1);
        assertThat(partialLines(modules)).singleElement().asString().contains("module at " + cut.entry() + " is left out")
                .contains(new Va(nearEnd + 0x1000).toString());
        String longName = names.stream().filter(n -> n.getBytes(StandardCharsets.UTF_8).length > 100).findFirst().orElseThrow();
        assertThat(text(vfs, dir + "/" + longName + "/path.txt").length()).isEqualTo(0xfffe / 2 + 1);
        walk(vfs, "pid/" + p.pid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"win10-19041-x64", "win10-19041-x86"})
    void aPeHeaderClaimingAMillionSectionsIsRefusedFromItsHeaderPageAlone(String profile) {
        // NumberOfSections is 16 bits: 65535 is the most a header can claim. memvfs reads section
        // tables in one place, the kernel PE scan, and only from the header page it has read.
        FuzzSample sample = sample(profile);
        FuzzedMemory memory = sample.copy();
        Target kernel = sample.targets(Structure.PE_HEADER).stream().filter(t -> t.what().equals("PE header of ntoskrnl"))
                .findFirst().orElseThrow();
        int nt = (int) (sample.pointerAt(sample.manifest().systemDtb(), new Va(kernel.address() + 0x3c)) & 0xffff_ffffL);
        put(sample, memory, kernel, nt + 6, 0xffff, 2);
        assertThatThrownBy(() -> assertTimeoutPreemptively(BOUND, () -> WindowsOsKernel.open(memory, new MemoryCaches(),
                KernelOptions.DEFAULT)))
                .isInstanceOf(KernelNotFoundException.class)
                .hasMessageContaining(new Va(kernel.address()) + " (MZ, but 65535 sections")
                .hasMessageContaining("do not fit in the 4096-byte header page");

        // a module of a process claiming as many: the tree reads no section table of user modules
        FuzzedMemory other = sample.copy();
        SampleProcess p = uniquePids(sample).stream().filter(q -> q.isRunning() && q.peb() != null && !q.modules().isEmpty())
                .findFirst().orElseThrow();
        SampleModule module = p.modules().get(0);
        Target header = target(sample, Structure.PE_HEADER, p.pid(), "PE header of " + module.baseName() + " of pid");
        int moduleNt = (int) (sample.pointerAt(sample.rootOf(p), new Va(module.base().value() + 0x3c)) & 0xffff_ffffL);
        put(sample, other, header, moduleNt + 6, 0xffff, 2);
        Vfs vfs = open(other);
        assertThat(text(vfs, "pid/" + p.pid() + "/modules/modules.txt")).contains(module.fullName());
        walk(vfs, "pid/" + p.pid());
    }
}
