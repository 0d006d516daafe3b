package org.memvfs.linux.locate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.memvfs.linux.FakeMemory;
import org.memvfs.linux.LinuxGuests;
import org.memvfs.linux.LinuxGuests.Format;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.linux.LinuxKernel;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.guest.GuestConfig;

class ClockProbeTest {

    @Test
    void theTimekeeperIsFoundInTheWritableKernelImageAndItsMembersAgree() {
        LinuxKernel kernel = LinuxGuests.kernel(new Image(GuestConfig.C, Format.ELF));
        KernelClock clock = new ClockProbe(kernel.discovery().btf()).find(kernel.kernelSpace());
        assertThat(clock).isEqualTo(kernel.clock().orElseThrow());
        assertThat(clock.timekeeper().value()).isGreaterThan(kernel.discovery().initTask().value());
        assertThat(Duration.between(clock.boot(), clock.lastTick())).isBetween(Duration.ofSeconds(1), Duration.ofMinutes(2));
        assertThat(clock.wallTime(Duration.ofSeconds(3))).isEqualTo(clock.boot().plusSeconds(3));
    }

    @Test
    void aKernelImageWithoutATimekeeperHasNoClock() {
        LinuxKernel kernel = LinuxGuests.kernel(new Image(GuestConfig.C, Format.ELF));
        AddressSpace empty = AddressSpace.of(new FakeMemory().range(0, 0x2000), PagingMode.X64_5LEVEL, new Pa(0x1000));
        assertThat(new ClockProbe(kernel.discovery().btf()).find(empty)).isNull();
    }
}
