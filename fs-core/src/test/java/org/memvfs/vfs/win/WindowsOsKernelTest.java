package org.memvfs.vfs.win;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.PagingLevel;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.vfs.DirectoryEntry;
import org.memvfs.vfs.Vfs;
import org.memvfs.vfs.os.OsProcess;
import org.memvfs.win.sample.SampleImages;
import org.memvfs.win.sample.SampleManifest;
import org.memvfs.win.sample.SampleModule;
import org.memvfs.win.sample.SamplePlant;
import org.memvfs.win.sample.SampleProcess;
import org.memvfs.win.sample.SampleSoftwarePage;
import org.memvfs.win.sample.SampleThread;
import org.memvfs.win.sample.SampleVad;

/**
 * The tree of every sample image, read through the Windows adapter and the generic tree, against
 * what the sample builder says it wrote.
 */
class WindowsOsKernelTest {
    static Stream<String> profiles() {
        return SampleImages.supportedProfiles().stream();
    }

    private static String text(Vfs vfs, String path) {
        return new String(bytes(vfs, path), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Vfs vfs, String path) {
        long size = vfs.stat(path).size();
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        int done = 0;
        int n;
        while (done < size && (n = vfs.read(path, done, buffer)) > 0) {
            done += n;
        }
        assertThat(done).as("bytes of %s", path).isEqualTo(size);
        assertThat(vfs.read(path, size, ByteBuffer.allocate(1))).isZero();
        return buffer.array();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void everyProcessDirectoryHoldsWhatTheBuilderWrote(String profile) {
        SampleTrees.Sample sample = SampleTrees.of(profile);
        Vfs vfs = sample.vfs();
        SampleManifest manifest = sample.image().manifest();
        assertThat(vfs.names("pid")).hasSameSizeAs(manifest.processes());
        for (SampleProcess p : manifest.processes()) {
            String dir = "pid/" + p.pid() + "/";
            assertThat(text(vfs, dir + "name.txt")).isEqualTo(p.imageFileName() + "\n");
            assertThat(text(vfs, dir + "ppid.txt")).isEqualTo(p.ppid() + "\n");
            assertThat(text(vfs, dir + "state.txt")).isEqualTo(p.isRunning() ? "running\n"
                    : "exited " + Hex.of(Integer.toUnsignedLong(p.exitStatus())) + "\n");
            assertThat(text(vfs, dir + "time-create.txt")).isEqualTo(time(p.createTime()) + "\n");
            assertThat(vfs.names(dir).contains("time-exit.txt")).isEqualTo(!p.isRunning());
            assertThat(text(vfs, dir + "dtb.txt")).isEqualTo(Hex.u64(p.dtb().value()) + "\n");
            if (p.userDtb() != null) {
                assertThat(text(vfs, dir + "dtb-user.txt")).isEqualTo(Hex.u64(p.userDtb().value()) + "\n");
            } else {
                assertThat(vfs.names(dir)).doesNotContain("dtb-user.txt");
            }
            if (p.peb() != null) {
                assertThat(text(vfs, dir + "win-cmdline.txt")).isEqualTo(p.commandLine() + "\n");
                assertThat(text(vfs, dir + "win-path.txt")).isEqualTo(p.imagePathName() + "\n");
                assertThat(text(vfs, dir + "win-curdir.txt")).isEqualTo(p.currentDirectory() + "\n");
            } else {
                assertThat(vfs.names(dir)).doesNotContain("win-cmdline.txt");
            }
            assertThreads(vfs, dir, p.threads());
            assertVads(vfs, dir, p.vads());
            List<SampleModule> modules = new ArrayList<>(p.modules());
            modules.addAll(p.wow64Modules());
            List<String> moduleLines = text(vfs, dir + "modules/modules.txt").lines().skip(1).toList();
            assertThat(moduleLines).hasSize(modules.size());
            for (int i = 0; i < modules.size(); i++) {
                SampleModule m = modules.get(i);
                assertThat(moduleLines.get(i)).contains(m.baseName()).contains(m.base().toString())
                        .contains(Long.toHexString(m.size())).contains(m.fullName());
            }
        }
    }

    private static void assertThreads(Vfs vfs, String dir, List<SampleThread> threads) {
        List<String> lines = text(vfs, dir + "threads/threads.txt").lines().skip(1).toList();
        assertThat(lines).hasSize(threads.size());
        for (int i = 0; i < threads.size(); i++) {
            SampleThread t = threads.get(i);
            assertThat(lines.get(i).strip().split("\\s+")[1]).isEqualTo(Integer.toString(t.tid()));
            assertThat(lines.get(i)).contains(t.startAddress().toString())
                    .contains(t.teb() == null ? "0000000000000000" : t.teb().toString());
            String info = text(vfs, dir + "threads/" + t.tid() + "/info.txt");
            assertThat(info).contains(t.win32StartAddress().toString()).contains("priority:        " + t.priority());
        }
    }

    private static void assertVads(Vfs vfs, String dir, List<SampleVad> vads) {
        List<String> lines = text(vfs, dir + "memmap/vad.txt").lines().skip(1).toList();
        assertThat(lines).hasSize(vads.size());
        for (int i = 0; i < vads.size(); i++) {
            SampleVad v = vads.get(i);
            assertThat(lines.get(i)).contains(v.start() + "-" + v.end()).contains(Long.toHexString(v.size() / 4096))
                    .contains(v.privateMemory() ? "private" : "shared");
            if (v.fileName() != null) {
                assertThat(lines.get(i).stripTrailing()).endsWith(v.fileName());
            }
            assertThat(lines.get(i).contains(" commit")).isEqualTo(v.memCommit());
        }
        assertThat(vfs.names(dir + "vmemd")).hasSize(vads.size());
    }

    private static String time(long filetime) {
        java.time.Instant instant = WindowsNames.time(filetime);
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(instant);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theProcessTreeListsEveryProcessUnderItsParent(String profile) {
        SampleTrees.Sample sample = SampleTrees.of(profile);
        String tree = text(sample.vfs(), "sys/proc/proc.txt");
        for (SampleProcess p : sample.image().manifest().processes()) {
            assertThat(tree).containsPattern("(?m)^-* ?" + java.util.regex.Pattern.quote(p.imageFileName()) + "\\s+" + p.pid()
                    + "\\s+" + p.ppid() + "\\s");
        }
        assertThat(text(sample.vfs(), "sys/version.txt")).contains(profile);
    }

    @ParameterizedTest
    @ValueSource(strings = {"win10-19041-x64", "win7-7601-x86-pae"})
    void thePlantedStringIsInItsProcessesVmemdAndNowhereElse(String profile) {
        SampleTrees.Sample sample = SampleTrees.of(profile);
        SamplePlant plant = sample.image().manifest().planted();
        byte[] needle = plant.text().getBytes(StandardCharsets.US_ASCII);
        List<String> found = new ArrayList<>();
        long scanned = 0;
        Vfs vfs = sample.vfs();
        for (String pid : vfs.names("pid")) {
            for (String file : vfs.names("pid/" + pid + "/vmemd")) {
                String path = "pid/" + pid + "/vmemd/" + file;
                long size = vfs.stat(path).size();
                ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
                for (long at = 0; at < size; at += chunk.capacity() - needle.length) {
                    chunk.clear();
                    int n = vfs.read(path, at, chunk);
                    scanned += n;
                    int hit = indexOf(chunk.array(), n, needle);
                    if (hit >= 0) {
                        found.add(pid + "@" + Va.parse(file.substring(0, 16)).plus(at + hit));
                        break;
                    }
                }
            }
        }
        assertThat(found).containsExactly(plant.pid() + "@" + plant.va());
        assertThat(scanned).isGreaterThan(10L << 20);
    }

    private static int indexOf(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @ParameterizedTest
    @ValueSource(strings = {"win10-19041-x64", "win11-26100-x64", "win7-7601-x86-pae"})
    void everyFileReadsItsSizeAndVmemdEqualsVirtualReads(String profile) {
        SampleTrees.Sample sample = SampleTrees.of(profile);
        Vfs vfs = sample.vfs();
        Random random = new Random(7);
        List<String> files = new ArrayList<>();
        collectFiles(vfs, "", files);
        int vmemd = 0;
        for (String path : files) {
            long size = vfs.stat(path).size();
            if (path.contains("/vmemd/")) {
                if (random.nextInt(20) != 0) {
                    continue; // every file is sized; one in twenty is read and compared
                }
                OsProcess process = sample.kernel().processes().stream()
                        .filter(p -> path.startsWith("pid/" + p.pid() + "/")).findFirst().orElseThrow();
                long length = Math.min(size, 1 << 20);
                ByteBuffer viaTree = ByteBuffer.allocate((int) length);
                vfs.read(path, size - length, viaTree);
                ByteBuffer direct = ByteBuffer.allocate((int) length);
                String name = path.substring(path.lastIndexOf('/') + 1);
                process.addressSpace().read(Va.parse(name.substring(0, 16)).plus(size - length), direct);
                assertThat(viaTree.array()).as(path).isEqualTo(direct.array());
                vmemd++;
            } else if (size < (16 << 20)) {
                byte[] whole = bytes(vfs, path);
                if (size > 0) {
                    long offset = random.nextLong(size);
                    ByteBuffer slice = ByteBuffer.allocate(100);
                    int n = vfs.read(path, offset, slice);
                    assertThat(Arrays.copyOf(slice.array(), n)).isEqualTo(Arrays.copyOfRange(whole, (int) offset, (int) offset + n));
                }
            }
        }
        assertThat(vmemd).isGreaterThan(100);
    }

    private static void collectFiles(Vfs vfs, String directory, List<String> files) {
        for (DirectoryEntry entry : vfs.list(directory)) {
            String path = directory.isEmpty() ? entry.name() : directory + "/" + entry.name();
            if (entry.directory()) {
                if (!path.startsWith("name/")) { // name/ holds the same directories as pid/
                    collectFiles(vfs, path, files);
                }
            } else {
                files.add(path);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"win10-19041-x64", "win7-7601-x64", "win11-26100-x64", "win7-7601-x86-pae"})
    void virtToPhysExplainsEveryKindOfPageTheBuilderLeftNotPresent(String profile) {
        SampleTrees.Sample sample = SampleTrees.of(profile);
        Vfs vfs = sample.vfs();
        int checked = 0;
        for (SampleProcess p : sample.image().manifest().processes()) {
            for (SampleSoftwarePage page : p.softwarePages()) {
                String dir = "pid/" + p.pid() + "/virt2phys/";
                vfs.write(dir + "virt.txt", 0, ByteBuffer.wrap((page.va() + "\n").getBytes(StandardCharsets.US_ASCII)));
                List<String> map = text(vfs, dir + "map.txt").lines().toList();
                String last = map.get(map.size() - 1).strip();
                switch (page.kind()) {
                    case TRANSITION -> assertThat(last).startsWith("mapped: 4K page").contains("via transition");
                    case PROTOTYPE -> assertThat(last).startsWith("mapped: 4K page").contains("via prototype");
                    case PAGED_OUT -> assertThat(last).startsWith("stopped: paged out at PT")
                            .contains(Long.toHexString(page.pageFileOffset()));
                }
                if (page.page() != null) {
                    assertThat(text(vfs, dir + "phys.txt")).isEqualTo(page.page() + "\n");
                    ByteBuffer frame = ByteBuffer.allocate(4096);
                    sample.memory().read(page.page(), frame);
                    assertThat(bytes(vfs, dir + "page.mem")).isEqualTo(frame.array());
                } else {
                    assertThat(text(vfs, dir + "phys.txt")).isEqualTo("0000000000000000\n");
                    assertThat(bytes(vfs, dir + "page.mem")).containsOnly(0);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"win10-19041-x64", "win7-7601-x86-pae"})
    void virtToPhysShowsTheWalkOfThePebAsMmuWalksIt(String profile) {
        SampleTrees.Sample sample = SampleTrees.of(profile);
        Vfs vfs = sample.vfs();
        SampleProcess p = sample.image().manifest().processes().stream().filter(x -> x.peb() != null).findFirst().orElseThrow();
        String dir = "pid/" + p.pid() + "/virt2phys/";
        vfs.write(dir + "virt.txt", 0, ByteBuffer.wrap(("0x" + p.peb() + "\n").getBytes(StandardCharsets.US_ASCII)));
        AddressSpace space = sample.kernel().processes().stream().filter(x -> x.pid() == p.pid()).findFirst().orElseThrow()
                .addressSpace();
        Translation walk = space.walk(p.peb());
        List<String> map = text(vfs, dir + "map.txt").lines().toList();
        List<PagingLevel> levels = space.mode().levels();
        for (int i = 0; i < levels.size(); i++) {
            assertThat(map.get(i)).isEqualTo(String.format("%-4s %s +%03x %s", levels.get(i).name(),
                    walk.steps().get(i).table(), walk.steps().get(i).entryOffset(), walk.steps().get(i).entry()));
            ByteBuffer table = ByteBuffer.allocate(4096);
            sample.memory().read(walk.steps().get(i).table().alignDown(4096), table);
            assertThat(bytes(vfs, dir + "pt_" + levels.get(i).name().toLowerCase() + ".mem")).isEqualTo(table.array());
        }
        assertThat(text(vfs, dir + "phys.txt")).isEqualTo(walk.pa().orElseThrow() + "\n");
        if (space.mode().levels().size() == 4) {
            assertThat(vfs.names(dir)).containsSubsequence("pt_pml4.mem", "pt_pdpt.mem", "pt_pd.mem", "pt_pt.mem", "page.mem");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"win10-19041-x64", "win7-7601-x64"})
    void memoryDmpIsACrashDumpOfTheSameMemoryThatMemvfsOpensAgain(String profile) throws java.io.IOException {
        SampleTrees.Sample sample = SampleTrees.of(profile);
        Vfs vfs = sample.vfs();
        java.nio.file.Path copy = java.nio.file.Files.createTempFile("memvfs-memory", ".dmp");
        try {
            try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(copy,
                    java.nio.file.StandardOpenOption.WRITE)) {
                long size = vfs.stat("memory.dmp").size();
                ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
                for (long at = 0; at < size; ) {
                    chunk.clear();
                    int n = vfs.read("memory.dmp", at, chunk);
                    chunk.flip();
                    out.write(chunk, at);
                    at += n;
                }
            }
            assertThat(new String(java.nio.file.Files.readAllBytes(copy), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("PAGEDU64");
            try (org.memvfs.mmu.PhysicalMemory dump = org.memvfs.mmu.image.MemoryImages.open(copy)) {
                assertThat(dump.format()).isEqualTo("crash-dump");
                assertThat(dump.hints().orElseThrow().directoryTableBase()).isEqualTo(sample.image().manifest().systemDtb());
                Random random = new Random(3);
                for (int i = 0; i < 200; i++) {
                    long pa = random.nextLong(sample.memory().size()) & -4096L;
                    ByteBuffer a = ByteBuffer.allocate(4096);
                    ByteBuffer b = ByteBuffer.allocate(4096);
                    sample.memory().read(new org.memvfs.mmu.Pa(pa), a);
                    dump.read(new org.memvfs.mmu.Pa(pa), b);
                    assertThat(b.array()).as("page %x", pa).isEqualTo(a.array());
                }
                WindowsOsKernel again = WindowsOsKernel.open(dump, new org.memvfs.mmu.MemoryCaches(),
                        org.memvfs.win.KernelOptions.DEFAULT);
                assertThat(again.processes()).extracting(OsProcess::pid)
                        .containsExactlyInAnyOrderElementsOf(sample.image().manifest().processes().stream().map(SampleProcess::pid).toList());
            }
        } finally {
            java.nio.file.Files.deleteIfExists(copy);
        }
    }
}
