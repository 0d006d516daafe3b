package org.memvfs.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MappedRun;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.image.MemoryImages;
import org.memvfs.win.sample.SampleImage;
import org.memvfs.win.sample.SampleImages;
import org.memvfs.win.sample.SampleManifest;
import org.memvfs.win.sample.SampleProcess;

/**
 * Nothing lost, nothing changed: without {@code --read-write} the image is opened read-only and
 * no byte of it changes whatever is done on the mount; with it, a write through a memory file
 * changes exactly the bytes the page tables translate it to, and nothing else.
 */
class ImageIntegrityTest {
    private static final int O_ACCMODE = 3;
    private static final int O_RDONLY = 0;
    private static final int O_RDWR = 2;

    @TempDir
    Path dir;

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The access mode memvfs opened {@code image} with, from /proc/PID/fdinfo, and every mapping of it from /proc/PID/maps. */
    private static int accessMode(MemvfsJvm memvfs, Path image, List<String> mappings) throws IOException {
        Integer mode = null;
        for (String fd : memvfs.fileDescriptors()) {
            if (fd.endsWith(" -> " + image)) {
                String number = fd.substring(0, fd.indexOf(' '));
                String flags = Files.readAllLines(Path.of("/proc", Long.toString(memvfs.pid()), "fdinfo", number)).stream()
                        .filter(l -> l.startsWith("flags:")).findFirst().orElseThrow().substring("flags:".length()).strip();
                mode = Integer.parseInt(flags, 8) & O_ACCMODE;
            }
        }
        Files.readAllLines(Path.of("/proc", Long.toString(memvfs.pid()), "maps")).stream()
                .filter(l -> l.endsWith(" " + image)).forEach(mappings::add);
        assertThat(mode).as("an open file descriptor on %s", image).isNotNull();
        return mode;
    }

    @Test
    void withoutReadWriteNoByteOfTheImageChangesWhateverIsDoneOnTheMount() throws Exception {
        Path image = dir.resolve("sample.raw");
        SampleImages.build(DemoCommand.DEFAULT_BUILD).writeRaw(image);
        String hash = sha256(image);
        FileTime modified = Files.getLastModifiedTime(image);
        Path mountPoint = Files.createDirectory(dir.resolve("mount"));
        try (MemvfsJvm memvfs = MemvfsJvm.mount("1g", "mount", image.toString(), mountPoint.toString())) {
            List<String> mappings = new java.util.ArrayList<>();
            assertThat(accessMode(memvfs, image, mappings)).as("the image's access mode").isEqualTo(O_RDONLY);
            assertThat(mappings).isNotEmpty().allSatisfy(m -> assertThat(m.split("\\s+")[1]).doesNotContain("w"));

            // every name, every text file, the physical memory and crash dump whole, a sample of every other memory file
            assertThat(Tools.shell(mountPoint, "find . | wc -l").out().strip()).matches("[0-9]{5,}");
            assertThat(Tools.shell(mountPoint, "find . -name '*.txt' -type f -exec cat {} + | wc -c").status()).isZero();
            assertThat(Tools.shell(mountPoint, "cat memory.pmem memory.dmp | wc -c").out().strip())
                    .isEqualTo(Long.toString(Files.size(mountPoint.resolve("memory.pmem")) + Files.size(mountPoint.resolve("memory.dmp"))));
            assertThat(Tools.shell(mountPoint, "for f in pid/*/memory.vmem; do head -c 1048576 $f > /dev/null || exit 1; done; "
                    + "find pid -path '*/vmemd/*' -type f | head -500 | xargs cat | wc -c").status()).isZero();

            // a write to every writable file: the virt.txt of every process, under pid/ and name/
            Tools.Result writable = Tools.shell(mountPoint, "find . -type f -perm -u=w");
            assertThat(writable.out().lines()).hasSize(2 * 37).allSatisfy(f -> assertThat(f).endsWith("/virt2phys/virt.txt"));
            Tools.Result written = Tools.shell(mountPoint, "for f in $(find . -type f -perm -u=w); do echo 0x7ff600001000 > $f "
                    + "|| exit 1; cat $f ${f%virt.txt}phys.txt ${f%virt.txt}map.txt ${f%virt.txt}page.mem > /dev/null || exit 1; done");
            assertThat(written.status()).as(written.err()).isZero();

            // and every way of writing a memory file, each of which must be refused
            List<String> memoryFiles = List.of("memory.pmem", "memory.dmp", "pid/4/memory.vmem", "pid/4/virt2phys/page.mem",
                    "pid/4/virt2phys/pt_pml4.mem", vmemdFile(mountPoint));
            for (String file : memoryFiles) {
                for (String attempt : List.of("printf x | dd of=" + file + " conv=notrunc status=none",
                        "printf x | dd of=" + file + " bs=1 seek=4096 conv=notrunc status=none", ": > " + file,
                        "truncate -s 0 " + file, "truncate -s +4096 " + file, "touch " + file)) {
                    Tools.Result refused = Tools.shell(mountPoint, attempt);
                    assertThat(refused.status()).as(attempt + " must fail").isNotZero();
                    assertThat(refused.err()).as(attempt).containsAnyOf("Permission denied", "Read-only file system");
                }
            }
            assertThat(memvfs.output()).doesNotContain("ERROR").doesNotContain("Exception");
            memvfs.signal("TERM");
            assertThat(memvfs.waitFor(Duration.ofSeconds(30))).as(memvfs.output()).isNotEqualTo(-1);
        }
        assertThat(MountTable.at(mountPoint)).isEmpty();
        assertThat(sha256(image)).isEqualTo(hash);
        assertThat(Files.getLastModifiedTime(image)).isEqualTo(modified);
    }

    private static String vmemdFile(Path mountPoint) {
        return "pid/4/vmemd/" + Tools.shell(mountPoint, "ls pid/4/vmemd | head -1").out().strip();
    }

    @Test
    void withReadWriteAWriteChangesExactlyTheTranslatedBytesAndNothingElse() throws Exception {
        SampleImage sample = SampleImages.build(DemoCommand.DEFAULT_BUILD);
        SampleManifest manifest = sample.manifest();
        Path original = dir.resolve("original.raw");
        sample.writeRaw(original);
        Path copy = dir.resolve("copy.raw");
        Files.copy(original, copy);

        // where the writes must land, by the page tables of the unchanged image (hardware entries only)
        Map<Long, Byte> expected = new TreeMap<>();
        SampleProcess planted = manifest.process(manifest.planted().pid());
        Va plantVa = manifest.planted().va();
        Va straddling;
        SampleProcess straddler;
        try (PhysicalMemory memory = MemoryImages.open(original)) {
            AddressSpace plantSpace = AddressSpace.of(memory, manifest.mode(), manifest.mode().rootOf(planted.dtb().value()));
            expect(expected, plantSpace, plantVa, "VMEMD-WRITE");
            straddler = manifest.processes().stream().filter(p -> p.isRunning() && p.peb() != null && p.pid() != planted.pid())
                    .findFirst().orElseThrow();
            AddressSpace space = AddressSpace.of(memory, manifest.mode(), manifest.mode().rootOf(straddler.dtb().value()));
            MappedRun run = space.mappings(new Va(0), new Va(0x7fff_ffff_ffffL))
                    .filter(r -> r.pageCount() >= 2 && r.length() / r.pageCount() == 4096).findFirst().orElseThrow();
            straddling = run.start().plus(4096 - 20);
            expect(expected, space, straddling, "ACROSS-A-PAGE-BOUNDARY-OF-VMEM");
            assertThat(space.translate(new Va(0x10)).isMapped()).as("the null page").isFalse();
        }
        long physical = 0x123450;
        byte[] physicalBytes = "PMEM-WRITE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < physicalBytes.length; i++) {
            expected.put(physical + i, physicalBytes[i]);
        }

        Path mountPoint = Files.createDirectory(dir.resolve("mount"));
        try (MemvfsJvm memvfs = MemvfsJvm.mount("1g", "mount", "--read-write", copy.toString(), mountPoint.toString())) {
            assertThat(accessMode(memvfs, copy, new java.util.ArrayList<>())).as("the image's access mode").isEqualTo(O_RDWR);
            String vmemd = "pid/" + planted.pid() + "/vmemd/";
            String region = Tools.shell(mountPoint, "ls " + vmemd).out().lines().filter(name -> {
                long start = Long.parseUnsignedLong(name.substring(0, 16), 16);
                long end = Long.parseUnsignedLong(name.substring(17, 33), 16);
                return plantVa.value() >= start && plantVa.value() <= end;
            }).findFirst().orElseThrow();
            long regionStart = Long.parseUnsignedLong(region.substring(0, 16), 16);
            write(mountPoint.resolve(vmemd + region), plantVa.value() - regionStart, "VMEMD-WRITE");
            write(mountPoint.resolve("pid/" + straddler.pid() + "/memory.vmem"), straddling.value(), "ACROSS-A-PAGE-BOUNDARY-OF-VMEM");
            write(mountPoint.resolve("memory.pmem"), physical, "PMEM-WRITE");
            assertThat(Tools.shell(mountPoint, "printf x | dd of=pid/" + straddler.pid()
                    + "/memory.vmem bs=1 seek=16 conv=notrunc status=none").status()).as("a write to an unmapped page").isNotZero();
            memvfs.signal("TERM");
            assertThat(memvfs.waitFor(Duration.ofSeconds(30))).as(memvfs.output()).isNotEqualTo(-1);
        }

        // the whole file: the original with exactly the expected bytes replaced
        assertThat(Files.size(copy)).isEqualTo(Files.size(original));
        try (FileChannel before = FileChannel.open(original); FileChannel after = FileChannel.open(copy)) {
            ByteBuffer a = ByteBuffer.allocate(1 << 20);
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            long changed = 0;
            for (long at = 0; at < Files.size(original); at += a.capacity()) {
                a.clear();
                b.clear();
                before.read(a, at);
                after.read(b, at);
                for (Map.Entry<Long, Byte> patch : ((TreeMap<Long, Byte>) expected).subMap(at, at + a.capacity()).entrySet()) {
                    a.put((int) (patch.getKey() - at), patch.getValue());
                }
                if (!java.util.Arrays.equals(a.array(), b.array())) {
                    int first = java.util.Arrays.mismatch(a.array(), b.array());
                    throw new AssertionError("the image differs from the expected bytes at file offset 0x"
                            + Long.toHexString(at + first) + ": expected " + a.get(first) + ", found " + b.get(first));
                }
                changed += ((TreeMap<Long, Byte>) expected).subMap(at, at + a.capacity()).size();
            }
            assertThat(changed).isEqualTo(expected.size());
        }
    }

    /** The physical bytes {@code text} written at {@code va} must land on, page by page. */
    private static void expect(Map<Long, Byte> expected, AddressSpace space, Va va, String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < bytes.length; i++) {
            Translation t = space.translate(va.plus(i));
            assertThat(t.isMapped()).as(t.describe()).isTrue();
            assertThat(t.reason()).as("a hardware entry").isNull();
            Pa pa = t.pa().orElseThrow();
            expected.put(pa.value(), bytes[i]);
        }
    }

    private static void write(Path file, long offset, String text) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            int n = channel.write(bytes, offset);
            assertThat(n).as("bytes written to %s at %d", file, offset).isEqualTo(text.length());
        }
    }
}
