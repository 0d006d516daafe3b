package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.CpuState;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;
import org.memvfs.mmu.guest.GuestCapture;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.QemuGuests;

/**
 * The kdump-compressed dump QEMU wrote of guest A ({@code dump-guest-memory -z}, flattened, zlib)
 * against the raw image and ELF core of the same instant: every page it holds is compared.
 */
class KdumpGuestTest {
    private static final int PAGE = 4096;
    private static final int CHUNK = 4 << 20;
    /** QEMU's BIOS ROM below 4 GiB: in the dump and the ELF core, left out of raw.bin. */
    private static final PhysicalRange BIOS_ROM = new PhysicalRange(new Pa(0xfffc_0000L), 0x4_0000);

    private static GuestCapture capture;
    private static Path kdump;

    @BeforeAll
    static void capture() {
        capture = QemuGuests.capture(GuestConfig.A);
        kdump = capture.directory().resolve("kdump.zlib");
        assertThat(kdump).as("make-images.sh A writes kdump.zlib").isRegularFile();
    }

    @Test
    void everyPageTheDumpHoldsEqualsTheRawImageOrTheElfCoreAtItsAddress() {
        try (PhysicalMemory dump = MemoryImages.open(kdump); PhysicalMemory raw = MemoryImages.open(capture.raw());
             PhysicalMemory elf = MemoryImages.open(capture.elf())) {
            assertThat(MemoryImages.detect(kdump)).isEqualTo(ImageFormat.KDUMP);
            assertThat(dump.format()).isEqualTo("kdump");
            assertThat(dump.description()).contains("flattened").contains("x86_64").contains("zlib");
            long[] compared = compareAll(dump, raw, elf);
            long pages = dump.ranges().stream().mapToLong(r -> r.length() / PAGE).sum();
            System.out.printf("kdump proof: %d pages held, %d compared with raw.bin, %d with elf.core (BIOS ROM)%n", pages,
                    compared[0], compared[1]);
            assertThat(compared[0] + compared[1]).isEqualTo(pages);
            assertThat(compared[0]).isEqualTo(raw.size() / PAGE);
            assertThat(compared[1]).isEqualTo(BIOS_ROM.length() / PAGE);
        }
    }

    /** Compares every range of {@code dump}; returns the pages compared with raw.bin and with the ELF core. */
    private static long[] compareAll(PhysicalMemory dump, PhysicalMemory raw, PhysicalMemory elf) {
        ByteBuffer a = ByteBuffer.allocateDirect(CHUNK);
        ByteBuffer b = ByteBuffer.allocateDirect(CHUNK);
        long[] compared = new long[2];
        for (PhysicalRange range : dump.ranges()) {
            for (long pa = range.start().value(); pa < range.end().value(); ) {
                boolean rom = BIOS_ROM.contains(new Pa(pa));
                PhysicalMemory oracle = rom ? elf : raw;
                long stop = rom ? BIOS_ROM.end().value() : Math.min(range.end().value(), raw.size());
                assertThat(stop).as("page %x lies in raw.bin or the BIOS ROM", pa).isGreaterThan(pa);
                int n = (int) Math.min(CHUNK, Math.min(stop, range.end().value()) - pa);
                a.clear().limit(n);
                b.clear().limit(n);
                ReadResult fromDump = dump.read(new Pa(pa), a);
                ReadResult fromOracle = oracle.read(new Pa(pa), b);
                assertThat(fromDump.isComplete() && fromOracle.isComplete()).as("complete at %x", pa).isTrue();
                assertThat(a.flip()).as("bytes at %x", pa).isEqualTo(b.flip());
                compared[rom ? 1 : 0] += n / PAGE;
                pa += n;
            }
        }
        return compared;
    }

    @Test
    void theDumpsNotesGiveEachCpusCr3AndItsHeaderTheCpuCountAndMachine() {
        Map<Integer, Long> expected = capture.cpuCr3();
        try (PhysicalMemory dump = MemoryImages.open(kdump)) {
            assertThat(dump.cpus()).hasSize(expected.size());
            for (CpuState cpu : dump.cpus()) {
                assertThat(cpu.cr3()).isEqualTo(expected.get(cpu.cpu()));
                assertThat(cpu.pagingMode()).isEqualTo(GuestConfig.A.mode());
            }
            DumpHints hints = dump.hints().orElseThrow();
            assertThat(hints.numberProcessors()).isEqualTo(expected.size());
            assertThat(hints.machineImageType()).isEqualTo(DumpHints.MACHINE_AMD64);
        }
    }

    @Test
    void theReassembledDumpReadsTheSameAsTheFlattenedOne(@TempDir Path dir) throws IOException {
        Path reassembled = reassemble(kdump, dir.resolve("kdump.raw"));
        try (PhysicalMemory flat = MemoryImages.open(kdump); PhysicalMemory whole = MemoryImages.open(reassembled)) {
            assertThat(whole.description()).doesNotContain("flattened");
            assertThat(whole.ranges()).isEqualTo(flat.ranges());
            ByteBuffer a = ByteBuffer.allocate(64 * PAGE);
            ByteBuffer b = ByteBuffer.allocate(64 * PAGE);
            for (PhysicalRange range : flat.ranges()) {
                for (long pa = range.start().value(); pa < range.end().value(); pa += 1021L * PAGE) {
                    int n = (int) Math.min(a.capacity(), range.end().value() - pa);
                    a.clear().limit(n);
                    b.clear().limit(n);
                    assertThat(whole.read(new Pa(pa), a)).isEqualTo(flat.read(new Pa(pa), b));
                    assertThat(a.flip()).isEqualTo(b.flip());
                }
            }
            assertThat(whole.cpus()).isEqualTo(flat.cpus());
        }
    }

    /** Writes each block of makedumpfile's flattened format where it belongs, as makedumpfile -R does. */
    static Path reassemble(Path flattened, Path out) throws IOException {
        try (FileChannel in = FileChannel.open(flattened); FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
            long at = 4096;
            while (true) {
                header.clear();
                in.read(header, at);
                long offset = header.getLong(0);
                long size = header.getLong(8);
                if (offset == -1) {
                    return out;
                }
                o.position(offset);
                for (long done = 0; done < size; ) {
                    done += in.transferTo(at + 16 + done, size - done, o);
                }
                at += 16 + size;
            }
        }
    }
}
