package org.memvfs.mmu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.guest.GuestCapture;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.OracleLine;
import org.memvfs.mmu.guest.QemuGuests;
import org.memvfs.mmu.guest.Workload;
import org.memvfs.mmu.image.MemoryImages;

/**
 * Translations of real guest memory checked against QEMU's own: every present leaf that
 * {@code info tlb} listed, every {@code gva2gpa} probe, every address QEMU said is unmapped, on
 * the three captured guests, read both from the raw image and from the ELF core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AddressSpaceGuestTest {
    private final Map<String, PhysicalMemory> opened = new HashMap<>();

    static Stream<Arguments> images() {
        List<Arguments> all = new ArrayList<>();
        for (GuestConfig config : GuestConfig.values()) {
            all.add(Arguments.of(config, "raw"));
            all.add(Arguments.of(config, "elf"));
        }
        return all.stream();
    }

    @BeforeAll
    void makeImages() {
        for (GuestConfig config : GuestConfig.values()) {
            QemuGuests.capture(config);
        }
    }

    @AfterAll
    void close() {
        opened.values().forEach(PhysicalMemory::close);
    }

    private PhysicalMemory memory(GuestConfig config, String format) {
        GuestCapture capture = QemuGuests.capture(config);
        return opened.computeIfAbsent(config + format,
                k -> MemoryImages.open(format.equals("raw") ? capture.raw() : capture.elf()));
    }

    /** One address space per CR3 the oracle names, sharing one set of caches. */
    private Map<Long, AddressSpace> spaces(GuestConfig config, String format) {
        PagingCaches caches = PagingCaches.standalone(memory(config, format));
        Map<Long, AddressSpace> spaces = new HashMap<>();
        for (OracleLine line : QemuGuests.capture(config).oracle()) {
            if (line.cr3() >= 0) {
                spaces.computeIfAbsent(line.cr3(), cr3 ->
                        new AddressSpace(caches, config.mode(), config.mode().rootOf(cr3), SoftwareEntryResolver.NONE));
            }
        }
        return spaces;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("images")
    void everyLeafOfInfoTlbTranslatesToItsPageWithItsSizeAndAccess(GuestConfig config, String format) {
        Map<Long, AddressSpace> spaces = spaces(config, format);
        List<OracleLine> leaves = QemuGuests.capture(config).oracle('L');
        assertThat(leaves).hasSizeGreaterThan(100_000);
        List<String> wrong = new ArrayList<>();
        for (OracleLine line : leaves) {
            Translation t = spaces.get(line.cr3()).translate(new Va(line.va()));
            // info tlb prints the leaf entry's own bits; the combined access may only be narrower
            Pte leaf = t.isMapped() ? t.steps().get(t.steps().size() - 1).entry() : Pte.ZERO;
            boolean right = t.isMapped() && t.pa().orElseThrow().value() == line.pa() && t.pageSize() == line.size()
                    && leaf.bit(2) == line.flag('U') && leaf.bit(1) == line.flag('W') && leaf.bit(63) == line.flag('X')
                    && t.flags().user() == line.flag('U') && t.flags().writable() == line.flag('W')
                    && (!t.flags().executable() || !line.flag('X'));
            if (!right && wrong.size() < 10) {
                wrong.add(line + " -> " + t.describe());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("images")
    void underKptiTheKernelsTablesMakeUserPagesNonExecutable(GuestConfig config, String format) {
        // Linux's KPTI sets NX in the user-half PGD entries of the kernel's own tables; the user
        // (shadow) tables at PGD + 0x1000 leave user code executable.
        Map<Long, AddressSpace> spaces = spaces(config, format);
        List<OracleLine> userCode = QemuGuests.capture(config).oracle('L').stream()
                .filter(l -> l.region().equals("user") && !l.flag('X')).toList();
        assertThat(userCode).isNotEmpty();
        boolean kpti = config == GuestConfig.A;
        for (OracleLine line : userCode) {
            boolean kernelTables = (line.cr3() & 0x1000) == 0;
            Translation t = spaces.get(line.cr3()).translate(new Va(line.va()));
            assertThat(t.flags().executable()).as("%s", line).isEqualTo(!(kpti && kernelTables));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("images")
    void enumeratingTheTablesFindsExactlyTheLeavesOfInfoTlb(GuestConfig config, String format) {
        Map<Long, AddressSpace> spaces = spaces(config, format);
        Map<Long, Set<List<Long>>> expected = QemuGuests.capture(config).oracle('L').stream()
                .collect(Collectors.groupingBy(OracleLine::cr3,
                        Collectors.mapping(l -> List.of(l.va(), l.pa(), l.size()), Collectors.toSet())));
        for (Map.Entry<Long, Set<List<Long>>> perRoot : expected.entrySet()) {
            AddressSpace space = spaces.get(perRoot.getKey());
            Set<List<Long>> found = new HashSet<>();
            space.pages().forEach(p -> found.add(List.of(p.va().value(), p.pa().value(), p.size())));
            assertThat(found).as("leaves under cr3 %x", perRoot.getKey()).isEqualTo(perRoot.getValue());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("images")
    void mappedRunsCoverExactlyTheLeavesInOrder(GuestConfig config, String format) {
        for (AddressSpace space : spaces(config, format).values()) {
            long leafBytes = space.pages().mapToLong(MappedPage::size).sum();
            List<MappedRun> runs = space.mappings(new Va(0), new Va(-1)).toList();
            assertThat(runs.stream().mapToLong(MappedRun::length).sum()).isEqualTo(leafBytes);
            for (int i = 1; i < runs.size(); i++) {
                MappedRun before = runs.get(i - 1);
                MappedRun run = runs.get(i);
                assertThat(run.start()).isGreaterThan(before.last());
                boolean adjacent = before.last().value() + 1 == run.start().value();
                assertThat(adjacent && before.flags().equals(run.flags())).as("runs %s and %s not merged", before, run)
                        .isFalse();
            }
            assertThat(runs.size()).isLessThan((int) space.pages().count());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("images")
    void everyGva2gpaProbeAgreesAndEveryUnmappedProbeFails(GuestConfig config, String format) {
        Map<Long, AddressSpace> spaces = spaces(config, format);
        GuestCapture capture = QemuGuests.capture(config);
        List<OracleLine> probes = capture.oracle('T');
        assertThat(probes).isNotEmpty();
        for (OracleLine line : probes) {
            Translation t = spaces.get(line.cr3()).translate(new Va(line.va()));
            assertThat(t.pa()).as("%s", line).contains(new Pa(line.pa()));
            assertThat(t.pageSize()).as("%s", line).isEqualTo(line.size());
        }
        List<OracleLine> unmapped = capture.oracle('N');
        assertThat(unmapped).isNotEmpty();
        for (OracleLine line : unmapped) {
            Translation t = spaces.get(line.cr3()).translate(new Va(line.va()));
            assertThat(t.isMapped()).as("%s -> %s", line, t).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("images")
    void theGuestKernelsOwnPagemapAgreesForWorkloadsOnACpu(GuestConfig config, String format) {
        Map<Long, AddressSpace> spaces = spaces(config, format);
        Map<String, Long> owners = QemuGuests.capture(config).workloadCr3();
        int checked = 0;
        for (OracleLine line : QemuGuests.capture(config).oracle('K')) {
            Long cr3 = owners.get(line.region().substring(line.region().indexOf(":wl:") + 4));
            if (cr3 == null) {
                continue; // a workload that was on no vCPU: QEMU recorded no CR3 for it
            }
            assertThat(spaces.get(cr3).translate(new Va(line.va())).pa()).as("%s", line).contains(new Pa(line.pa()));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("images")
    void everyWorkloadPageStartsWithItsOwnMarker(GuestConfig config, String format) {
        GuestCapture capture = QemuGuests.capture(config);
        Map<Long, AddressSpace> spaces = spaces(config, format);
        Map<String, Long> owners = capture.workloadCr3();
        int pages = 0;
        for (Workload workload : capture.workloads()) {
            Long cr3 = owners.get(workload.name());
            if (cr3 == null) {
                continue;
            }
            AddressSpace space = spaces.get(cr3);
            for (long[] buffer : new long[][] {{workload.bigVa(), workload.bigLength()}, {workload.smallVa(), workload.smallLength()}}) {
                for (long va = buffer[0]; va < buffer[0] + buffer[1]; va += 4096) {
                    ByteBuffer head = ByteBuffer.allocate(64);
                    ReadResult result = space.read(new Va(va), head);
                    assertThat(result.isComplete()).as("page %x of %s", va, workload.name()).isTrue();
                    String text = new String(head.array(), StandardCharsets.US_ASCII);
                    assertThat(text).startsWith(String.format("QGMARK name=%-8.8s pid=%-6d va=%016x ",
                            workload.name(), workload.pid(), va));
                    pages++;
                }
            }
        }
        assertThat(pages).isGreaterThanOrEqualTo(2 * (1024 + 16));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("images")
    void bytesReadThroughTranslationEqualTheRawFileAtTheOraclesAddress(GuestConfig config, String format) throws IOException {
        GuestCapture capture = QemuGuests.capture(config);
        Map<Long, AddressSpace> spaces = spaces(config, format);
        List<OracleLine> leaves = capture.oracle('L');
        try (FileChannel raw = FileChannel.open(capture.raw())) {
            int compared = 0;
            for (int i = 0; i < leaves.size(); i++) {
                OracleLine line = leaves.get(i);
                if (!line.region().equals("user") && i % 31 != 0 || line.pa() + 4096 > raw.size()) {
                    continue;
                }
                ByteBuffer viaTranslation = ByteBuffer.allocate(4096);
                assertThat(spaces.get(line.cr3()).read(new Va(line.va()), viaTranslation).isComplete()).isTrue();
                ByteBuffer direct = ByteBuffer.allocate(4096);
                raw.read(direct, line.pa());
                assertThat(viaTranslation.flip()).as("%s", line).isEqualTo(direct.flip());
                compared++;
            }
            assertThat(compared).isGreaterThan(3000);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("images")
    void aReadAcrossALargePageBoundaryAndIntoAnUnmappedPageReportsWhatIsAbsent(GuestConfig config, String format) {
        GuestCapture capture = QemuGuests.capture(config);
        Map<Long, AddressSpace> spaces = spaces(config, format);
        Workload workload = capture.workloads().stream().filter(w -> capture.workloadCr3().containsKey(w.name()))
                .findFirst().orElseThrow();
        AddressSpace space = spaces.get(capture.workloadCr3().get(workload.name()));
        // the big buffer: 4 MiB of 2 MiB pages; read 2 pages' worth straddling the middle boundary
        long middle = workload.bigVa() + (2L << 20);
        ByteBuffer across = ByteBuffer.allocate(8192);
        assertThat(space.read(new Va(middle - 4096), across).isComplete()).isTrue();
        assertThat(new String(across.array(), 4096, 6, StandardCharsets.US_ASCII)).isEqualTo("QGMARK");
        // the first page below user space's end is unmapped: a read from the last mapped small page into nothing
        Va unmapped = new Va(0x7fff_ffff_f000L);
        assertThat(space.translate(unmapped).isMapped()).isFalse();
        ByteBuffer nothing = ByteBuffer.allocate(100);
        nothing.put(0, (byte) 1);
        ReadResult result = space.read(unmapped, nothing);
        assertThat(result.isAbsent()).isTrue();
        assertThat(nothing.get(0)).isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("images")
    void aLongReadGivesTheSameBytesAndGapsAsReadingPageByPage(GuestConfig config, String format) {
        Random random = new Random(config.ordinal());
        for (AddressSpace space : spaces(config, format).values()) {
            List<MappedRun> runs = space.mappings(new Va(0), new Va(-1)).toList();
            for (int i = 0; i < 40; i++) {
                MappedRun run = runs.get(random.nextInt(runs.size()));
                // start a little before the run and end past it, so gaps and neighbours are read too
                long start = run.start().value() - random.nextInt(3) * 4096L - random.nextInt(4096);
                int length = 4096 * (1 + random.nextInt(300)) + random.nextInt(4096);
                ByteBuffer whole = ByteBuffer.allocate(length);
                ReadResult wholeResult = space.read(new Va(start), whole);
                ByteBuffer pieces = ByteBuffer.allocate(length);
                ReadResult.Builder absent = new ReadResult.Builder();
                for (int done = 0; done < length; ) {
                    int n = (int) Math.min(4096 - ((start + done) & 4095), length - done);
                    pieces.limit(done + n);
                    absent.add(done, space.read(new Va(start + done), pieces));
                    done += n;
                }
                assertThat(whole.array()).as("bytes from %x, %d long", start, length).isEqualTo(pieces.array());
                assertThat(wholeResult).isEqualTo(absent.build(length));
            }
        }
    }
}
