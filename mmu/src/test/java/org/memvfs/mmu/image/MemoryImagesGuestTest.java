package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.memvfs.mmu.CpuState;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;
import org.memvfs.mmu.guest.GuestCapture;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.QemuGuests;

/** The raw image and the ELF core QEMU wrote of the same guest at the same instant. */
class MemoryImagesGuestTest {
    private static final int CHUNK = 4 << 20;
    /** QEMU's BIOS ROM just below 4 GiB: a PT_LOAD in the ELF core, left out of raw.bin (tools/qemu-guest/README.md). */
    private static final PhysicalRange BIOS_ROM = new PhysicalRange(new Pa(0xfffc_0000L), 0x4_0000);

    @ParameterizedTest
    @EnumSource(GuestConfig.class)
    void theRawImageAndTheElfCoreHoldTheSameBytesInEveryRangeBoth(GuestConfig config) {
        GuestCapture capture = QemuGuests.capture(config);
        try (PhysicalMemory raw = MemoryImages.open(capture.raw()); PhysicalMemory elf = MemoryImages.open(capture.elf())) {
            assertThat(MemoryImages.detect(capture.raw())).isEqualTo(ImageFormat.RAW);
            assertThat(MemoryImages.detect(capture.elf())).isEqualTo(ImageFormat.ELF_CORE);
            ByteBuffer a = ByteBuffer.allocateDirect(CHUNK);
            ByteBuffer b = ByteBuffer.allocateDirect(CHUNK);
            long compared = 0;
            assertThat(elf.isPresent(BIOS_ROM.start())).isTrue();
            for (PhysicalRange range : elf.ranges()) {
                long end = Math.min(range.end().value(), raw.size());
                for (long pa = range.start().value(); pa < end; ) {
                    if (BIOS_ROM.contains(new Pa(pa))) {
                        pa = BIOS_ROM.end().value();
                        continue;
                    }
                    long stop = pa < BIOS_ROM.start().value() ? Math.min(end, BIOS_ROM.start().value()) : end;
                    int n = (int) Math.min(CHUNK, stop - pa);
                    a.clear().limit(n);
                    b.clear().limit(n);
                    ReadResult fromRaw = raw.read(new Pa(pa), a);
                    ReadResult fromElf = elf.read(new Pa(pa), b);
                    assertThat(fromRaw.isComplete() && fromElf.isComplete()).as("range %s at %x", range, pa).isTrue();
                    assertThat(a.flip()).as("bytes at %x", pa).isEqualTo(b.flip());
                    compared += n;
                    pa += n;
                }
            }
            assertThat(compared).isGreaterThanOrEqualTo(512L << 20);
        }
    }

    @ParameterizedTest
    @EnumSource(GuestConfig.class)
    void theElfCoresQemuNotesGiveEachCpusCr3AndThePagingMode(GuestConfig config) {
        GuestCapture capture = QemuGuests.capture(config);
        Map<Integer, Long> expected = capture.cpuCr3();
        try (PhysicalMemory elf = MemoryImages.open(capture.elf())) {
            assertThat(elf.cpus()).hasSize(expected.size());
            for (CpuState cpu : elf.cpus()) {
                assertThat(cpu.cr3()).isEqualTo(expected.get(cpu.cpu()));
                assertThat(cpu.pagingMode()).isEqualTo(config.mode());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(GuestConfig.class)
    void theElfCoreHasHolesWhereTheMachineHasNoRam(GuestConfig config) {
        GuestCapture capture = QemuGuests.capture(config);
        try (PhysicalMemory elf = MemoryImages.open(capture.elf())) {
            assertThat(elf.ranges().size()).isGreaterThanOrEqualTo(2); // RAM and the BIOS ROM below 4 GiB at least
            PhysicalRange first = elf.ranges().get(0);
            ByteBuffer hole = ByteBuffer.allocate(4096);
            assertThat(elf.read(first.end(), hole).isAbsent()).isTrue();
            if (config == GuestConfig.B) {
                // 4 GiB guest: RAM below 3 GiB and from 4 GiB on; the PCI hole between
                assertThat(elf.isPresent(new Pa(0xc000_0000L))).isFalse();
                assertThat(elf.isPresent(new Pa(0x1_0000_0000L))).isTrue();
            }
        }
    }
}
