package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.CpuState;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;

class ElfCoreReaderTest {
    private static final long CR0_PG = 0x8000_0011L;
    private static final long CR4_PAE = 0x20;
    private static final long CR4_LA57 = 0x1000;

    @TempDir
    Path dir;

    private static byte[] pages(int count, long seed) {
        byte[] bytes = new byte[count * 4096];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private PhysicalMemory open(byte[] core) throws IOException {
        return MemoryImages.open(Files.write(dir.resolve("core"), core));
    }

    @Test
    void segmentsBecomeRangesWithHolesBetweenThem() throws IOException {
        byte[] low = pages(2, 1);
        byte[] high = pages(1, 2);
        byte[] core = new TestElfCore(true).load(0, low).load(0x10_0000, high).build();
        try (PhysicalMemory memory = open(core)) {
            assertThat(memory.ranges()).containsExactly(new PhysicalRange(new Pa(0), 8192),
                    new PhysicalRange(new Pa(0x10_0000), 4096));
            assertThat(memory.size()).isEqualTo(0x10_1000);
            ByteBuffer across = ByteBuffer.allocate(3 * 4096);
            ReadResult result = memory.read(new Pa(0xff000), across);
            // the hole below the second segment, and the page past the last one
            assertThat(result.absentSpans()).containsExactly(new ReadResult.Span(0, 4096), new ReadResult.Span(8192, 12288));
            assertThat(Arrays.copyOfRange(across.array(), 4096, 8192)).isEqualTo(high);
            assertThat(memory.isPresent(new Pa(0x5000))).isFalse();
            assertThat(memory.readLong(new Pa(8))).isEqualTo(ByteBuffer.wrap(low, 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
        }
    }

    @Test
    void qemuNotesGiveEachCpusControlRegistersAndPagingMode() throws IOException {
        byte[] core = new TestElfCore(true).load(0, pages(1, 3))
                .note("CORE", 1, new byte[336])
                .note("QEMU", 0, TestElfCore.qemuCpu(CR0_PG, 0x1234_5000L | 0x7, CR4_PAE))
                .note("QEMU", 0, TestElfCore.qemuCpu(CR0_PG, 0x6000, CR4_PAE | CR4_LA57)).build();
        try (PhysicalMemory memory = open(core)) {
            assertThat(memory.description()).contains("QEMU ELF core").contains("2 CPUs");
            CpuState first = memory.cpus().get(0);
            assertThat(first.cr3()).isEqualTo(0x1234_5007L);
            assertThat(first.pagingMode()).isEqualTo(PagingMode.X64_4LEVEL);
            assertThat(first.root(first.pagingMode())).isEqualTo(new Pa(0x1234_5000L));
            assertThat(memory.cpus().get(1).pagingMode()).isEqualTo(PagingMode.X64_5LEVEL);
        }
    }

    @Test
    void virtualBoxNotesCarryEferWhichDecidesLongMode() throws IOException {
        byte[] core = new TestElfCore(true).load(0, pages(1, 4))
                .note("VBCORE", 0xb00, new byte[24])
                .note("VBCPU", 0xb01, TestElfCore.vboxCpu(CR0_PG, 0x9000, CR4_PAE, 0))
                .note("VBCPU", 0xb01, TestElfCore.vboxCpu(CR0_PG, 0xa000, CR4_PAE, 0x500)).build();
        try (PhysicalMemory memory = open(core)) {
            assertThat(memory.description()).contains("VirtualBox");
            assertThat(memory.cpus()).extracting(CpuState::pagingMode)
                    .containsExactly(PagingMode.X86_PAE, PagingMode.X64_4LEVEL);
        }
    }

    @Test
    void elf32CoresAndExtendedProgramHeaderCountsAreRead() throws IOException {
        byte[] data = pages(1, 5);
        try (PhysicalMemory memory = open(new TestElfCore(false).load(0x2000, data).extendedCount().build())) {
            assertThat(memory.ranges()).containsExactly(new PhysicalRange(new Pa(0x2000), 4096));
            ByteBuffer read = ByteBuffer.allocate(4096);
            memory.read(new Pa(0x2000), read);
            assertThat(read.array()).isEqualTo(data);
        }
    }

    @Test
    void aTruncatedCoreNamesTheSegmentAndTheFile() throws IOException {
        byte[] whole = new TestElfCore(true).load(0, pages(4, 6)).build();
        byte[] cut = Arrays.copyOf(whole, whole.length - 100);
        assertThatThrownBy(() -> open(cut)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("truncated").hasMessageContaining("runs past the end of the file")
                .hasMessageContaining(dir.resolve("core").toString())
                .satisfies(e -> assertThat(((MemoryException) e).context().fileOffset()).isEqualTo(64L));
    }

    @Test
    void programHeadersPastTheEndAreATruncatedCore() throws IOException {
        byte[] whole = new TestElfCore(true).load(0, pages(1, 7)).build();
        assertThatThrownBy(() -> open(Arrays.copyOf(whole, 80))).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("program headers");
    }

    @Test
    void overlappingSegmentsAreRefused() throws IOException {
        byte[] core = new TestElfCore(true).load(0, pages(2, 8)).load(0x1000, pages(1, 9)).build();
        assertThatThrownBy(() -> open(core)).isInstanceOf(ImageFormatException.class).hasMessageContaining("overlap");
    }

    @Test
    void anElfThatIsNotACoreIsRefused() throws IOException {
        byte[] executable = new TestElfCore(true).load(0, pages(1, 10)).type(2).build();
        assertThatThrownBy(() -> open(executable)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("not a core dump");
    }

    @Test
    void aNoteRunningPastItsSegmentIsRefused() throws IOException {
        byte[] core = new TestElfCore(true).load(0, pages(1, 11)).note("QEMU", 0, new byte[16]).build();
        ByteBuffer patch = ByteBuffer.wrap(core).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long noteOffset = patch.getLong(64 + 8);
        patch.putInt((int) noteOffset + 4, 0x7fff_0000); // descriptor size far beyond the segment
        assertThatThrownBy(() -> open(core)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("runs past its segment");
    }
}
