package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.ReadResult;

class VmwareReaderTest {
    /** Below 3 GiB and from 4 GiB on, as VMware lays out a VM's RAM around the PCI hole (scaled down). */
    private static final TestPhysicalMemory SOURCE = TestPhysicalMemory.randomPages(51, 0, 6, 0x3_0000, 2, 0x10_0000, 3);

    @TempDir
    Path dir;

    private static void assertSameMemory(PhysicalMemory memory, TestPhysicalMemory source) {
        assertThat(memory.ranges()).isEqualTo(source.ranges());
        int span = (int) source.size() + 0x2000;
        ByteBuffer actual = ByteBuffer.allocate(span);
        ByteBuffer expected = ByteBuffer.allocate(span);
        assertThat(memory.read(new Pa(0), actual)).isEqualTo(source.read(new Pa(0), expected));
        assertThat(actual.array()).isEqualTo(expected.array());
    }

    @Test
    void aVmemWithItsCheckpointBesideItIsReadThroughTheRegions() {
        Path vmem = TestVmware.of(SOURCE).write(dir, "Windows 10 x64-Snapshot1");
        assertThat(MemoryImages.detect(vmem)).isEqualTo(ImageFormat.VMWARE);
        try (PhysicalMemory memory = MemoryImages.open(vmem)) {
            assertThat(memory.format()).isEqualTo("vmware");
            assertThat(memory.description()).contains("3 regions").contains("2 vCPUs").contains(".vmss");
            assertSameMemory(memory, SOURCE);
            assertThat(memory.hints()).contains(DumpHints.NONE.withMachine(null, 2).withDirectoryTableBase(new Pa(0x1ad000)));
        }
    }

    @Test
    void aSnapshotsVmsnServesAsWell() {
        Path vmem = TestVmware.of(SOURCE).snapshot().write(dir, "vm-Snapshot2");
        try (PhysicalMemory memory = MemoryImages.open(vmem)) {
            assertThat(memory.description()).contains(".vmsn");
            assertSameMemory(memory, SOURCE);
        }
    }

    @Test
    void openingTheCheckpointReadsTheVmemBesideIt() {
        TestVmware.of(SOURCE).write(dir, "vm");
        Path vmss = dir.resolve("vm.vmss");
        assertThat(MemoryImages.detect(vmss)).isEqualTo(ImageFormat.VMWARE);
        try (PhysicalMemory memory = MemoryImages.open(vmss)) {
            assertSameMemory(memory, SOURCE);
            assertThat(memory.description()).startsWith("VMware memory " + dir.resolve("vm.vmem"));
        }
    }

    @Test
    void aCheckpointHoldingItsMemoryIsReadOnItsOwn() {
        Path vmsn = TestVmware.of(SOURCE).snapshot().embedded(false).write(dir, "vm");
        assertThat(Files.exists(dir.resolve("vm.vmem"))).isFalse();
        try (PhysicalMemory memory = MemoryImages.open(vmsn)) {
            assertSameMemory(memory, SOURCE);
        }
    }

    @Test
    void aCompressedMemoryBlockIsRefusedByName() {
        Path vmsn = TestVmware.of(SOURCE).snapshot().embedded(true).write(dir, "vm");
        assertThatThrownBy(() -> MemoryImages.open(vmsn)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("compressed").hasMessageContaining("vm.vmsn");
    }

    @Test
    void withoutRegionsTheVmemIsLinear() {
        Path vmem = TestVmware.of(SOURCE).withoutRegions().write(dir, "vm");
        try (PhysicalMemory memory = MemoryImages.open(vmem)) {
            assertThat(memory.description()).contains("linear");
            ByteBuffer all = ByteBuffer.allocate((int) SOURCE.size());
            assertThat(memory.read(new Pa(0), all).isComplete()).isTrue();
            assertThat(all.array()).isEqualTo(SOURCE.raw());
        }
    }

    @Test
    void aVmemAloneIsRawAndForcingVmwareAsksForTheCheckpoint() throws IOException {
        Path vmem = Files.write(dir.resolve("lonely.vmem"), SOURCE.raw());
        assertThat(MemoryImages.detect(vmem)).isEqualTo(ImageFormat.RAW);
        assertThatThrownBy(() -> MemoryImages.open(vmem, ImageOptions.DEFAULT.withFormat(ImageFormat.VMWARE)))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("no VMware checkpoint")
                .hasMessageContaining("lonely.vmss");
    }

    @Test
    void aSiblingThatIsNotACheckpointIsIgnored() throws IOException {
        Path vmem = Files.write(dir.resolve("vm.vmem"), SOURCE.raw());
        byte[] noise = new byte[4096];
        new Random(5).nextBytes(noise);
        Files.write(dir.resolve("vm.vmss"), noise);
        assertThat(MemoryImages.detect(vmem)).isEqualTo(ImageFormat.RAW);
    }

    @Test
    void aCheckpointWithoutMemoryOrVmemIsAClearError() {
        TestVmware.of(SOURCE).write(dir, "vm");
        Path vmss = dir.resolve("vm.vmss");
        try {
            Files.delete(dir.resolve("vm.vmem"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> MemoryImages.open(vmss)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("no Memory block").hasMessageContaining("vm.vmem");
    }

    @Test
    void aRegionPastTheEndOfTheVmemNamesTheCheckpointAndTheRegion() throws IOException {
        Path vmem = TestVmware.of(SOURCE).write(dir, "vm");
        byte[] content = Files.readAllBytes(vmem);
        Files.write(vmem, java.util.Arrays.copyOf(content, content.length - 4096));
        assertThatThrownBy(() -> MemoryImages.open(vmem)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("region 2").hasMessageContaining("runs past the end of the memory in")
                .hasMessageContaining("vm.vmss");
    }

    @Test
    void theMemoryIsReadExactlyWhereARegionSays() throws IOException {
        // two ranges stored in the opposite order in the .vmem: the regions, not the order, decide
        TestPhysicalMemory two = TestPhysicalMemory.randomPages(52, 0, 1, 0x5000, 1);
        Path vmem = TestVmware.of(two).write(dir, "vm");
        byte[] checkpoint = Files.readAllBytes(dir.resolve("vm.vmss"));
        byte[] swapped = swapRegionPageNums(checkpoint);
        Files.write(dir.resolve("vm.vmss"), swapped);
        byte[] file = Files.readAllBytes(vmem);
        try (PhysicalMemory memory = MemoryImages.open(vmem)) {
            ByteBuffer page = ByteBuffer.allocate(4096);
            ReadResult result = memory.read(new Pa(0x5000), page);
            assertThat(result.isComplete()).isTrue();
            assertThat(page.array()).isEqualTo(java.util.Arrays.copyOfRange(file, 0, 4096));
        }
    }

    /** Finds the two regionPageNum values (0 and 1) and exchanges them. */
    private static byte[] swapRegionPageNums(byte[] checkpoint) {
        byte[] name = "regionPageNum".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] copy = checkpoint.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        int found = 0;
        for (int i = 0; i + name.length < copy.length; i++) {
            if (ByteBuffer.wrap(copy, i, name.length).equals(ByteBuffer.wrap(name))) {
                int valueAt = i + name.length + 4;
                b.putInt(valueAt, b.getInt(valueAt) == 0 ? 1 : 0);
                found++;
            }
        }
        assertThat(found).isEqualTo(2);
        return copy;
    }
}
