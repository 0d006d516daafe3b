package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.ImageFormatException;

class VmwareCheckpointTest {
    private static final TestPhysicalMemory SOURCE = TestPhysicalMemory.randomPages(61, 0, 2, 0x8000, 1);

    @TempDir
    Path dir;

    private VmwareCheckpoint read(byte[] content) throws IOException {
        Path path = Files.write(dir.resolve("vm.vmss"), content);
        try (FileBytes file = MemoryImages.openFile(path, false)) {
            return VmwareCheckpoint.read(file);
        }
    }

    private void assertRefused(byte[] content, String... parts) {
        var thrown = assertThatThrownBy(() -> read(content)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("vm.vmss");
        for (String part : parts) {
            thrown.hasMessageContaining(part);
        }
    }

    @Test
    void theMemoryAndCpuGroupsGiveRegionsVcpusAndCr3() throws IOException {
        VmwareCheckpoint checkpoint = read(TestVmware.of(SOURCE).cr3(0x1000, 0x2000, 0x3000).checkpoint());
        assertThat(checkpoint.regions()).extracting(VmwareCheckpoint.Region::ppn, VmwareCheckpoint.Region::pageNum,
                VmwareCheckpoint.Region::pages).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0L, 0L, 2L), org.assertj.core.groups.Tuple.tuple(8L, 2L, 1L));
        assertThat(checkpoint.vcpus()).isEqualTo(3);
        assertThat(checkpoint.cr3()).containsEntry(0, 0x1000L).containsEntry(2, 0x3000L);
        assertThat(checkpoint.memory()).isNull();
    }

    @Test
    void aCr64BlockGivesCr3AsWell() throws IOException {
        ByteArrayOutputStream cpu = new ByteArrayOutputStream();
        byte[] crs = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN).putLong(24, 0xabc000L).array();
        TestVmware.block(cpu, "CR64", new int[] {0}, crs, 0, false);
        cpu.write(0);
        cpu.write(0);
        VmwareCheckpoint checkpoint = read(checkpoint(new String[] {"cpu"}, cpu.toByteArray()));
        assertThat(checkpoint.cr3()).containsEntry(0, 0xabc000L);
        assertThat(checkpoint.regions()).isEmpty();
    }

    @Test
    void aWrongMagicOrAbsurdGroupCountIsRefused() {
        byte[] good = TestVmware.of(SOURCE).checkpoint();
        byte[] magic = good.clone();
        magic[0] = 0;
        assertRefused(magic, "not a VMware checkpoint");
        assertRefused(withInt(good, 8, 0), "group count 0", "offset 0x8");
        assertRefused(withInt(good, 8, 100_000), "group count 100000", "offset 0x8");
        assertRefused(withInt(good, 8, 200), "table of 200 groups", "truncated");
        assertRefused(Arrays.copyOf(good, 6), "checkpoint header", "truncated");
    }

    @Test
    void aGroupOutsideTheFileIsNamed() {
        byte[] good = TestVmware.of(SOURCE).checkpoint();
        byte[] bad = good.clone();
        // group 2 ("memory") position
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong(12 + 2 * 80 + 64, 1L << 40);
        assertRefused(bad, "group 'memory' starts at 0x10000000000", "offset 0xec");
    }

    @Test
    void aTruncatedTagStreamIsRefusedWhereItBreaks() {
        byte[] good = TestVmware.of(SOURCE).checkpoint();
        assertRefused(Arrays.copyOf(good, good.length - 30), "truncated");
    }

    @Test
    void aBlockClaimingMoreBytesThanTheFileHoldsIsRefused() {
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        TestVmware.block(memory, "Memory", new int[0], new byte[64], 0, false);
        byte[] body = memory.toByteArray();
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putLong(2 + 6, Long.MAX_VALUE);
        assertRefused(checkpoint(new String[] {"memory"}, body), "block 'Memory'", "truncated");
    }

    @Test
    void aRegionCountWithoutItsRegionsIsRefused() throws IOException {
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        TestVmware.tag(memory, "regionsCount", new int[0], TestVmware.le(2, 4));
        TestVmware.tag(memory, "regionPPN", new int[] {0}, TestVmware.le(0, 4));
        TestVmware.tag(memory, "regionPageNum", new int[] {0}, TestVmware.le(0, 4));
        TestVmware.tag(memory, "regionSize", new int[] {0}, TestVmware.le(1, 4));
        memory.write(0);
        memory.write(0);
        VmwareCheckpoint checkpoint = read(checkpoint(new String[] {"memory"}, memory.toByteArray()));
        assertThatThrownBy(checkpoint::regions).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("region 1 lacks");
    }

    @Test
    void aRegionTagWithAnAbsurdIndexIsRefused() {
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        TestVmware.tag(memory, "regionPPN", new int[] {-5}, TestVmware.le(0, 4));
        memory.write(0);
        memory.write(0);
        assertRefused(checkpoint(new String[] {"memory"}, memory.toByteArray()), "does not name one region");
    }

    @Test
    void aTagStreamWithoutItsNullTagEndsAtTheGroupsEnd() throws IOException {
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        TestVmware.tag(memory, "align_mask", new int[0], TestVmware.le(0xffff, 4));
        VmwareCheckpoint checkpoint = read(checkpoint(new String[] {"memory"}, memory.toByteArray()));
        assertThat(checkpoint.regions()).isEmpty();
    }

    private static byte[] withInt(byte[] content, int offset, int value) {
        byte[] copy = content.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }

    /** A checkpoint of the given groups, each with the same body. */
    private static byte[] checkpoint(String[] names, byte[] body) {
        int tableEnd = 12 + 80 * names.length;
        ByteBuffer out = ByteBuffer.allocate(tableEnd + names.length * body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0, TestVmware.MAGIC).putInt(4, 8).putInt(8, names.length);
        for (int i = 0; i < names.length; i++) {
            out.put(12 + 80 * i, names[i].getBytes(StandardCharsets.US_ASCII));
            out.putLong(12 + 80 * i + 64, tableEnd + (long) i * body.length).putLong(12 + 80 * i + 72, body.length);
            out.put(tableEnd + i * body.length, body);
        }
        return out.array();
    }
}
