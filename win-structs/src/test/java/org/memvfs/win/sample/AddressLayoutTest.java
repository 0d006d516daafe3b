package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.win.profile.Profiles;

class AddressLayoutTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void kernelRegionsAreInTheKernelHalfAndApart(String id) {
        AddressLayout l = new AddressLayout(Profiles.byId(id));
        long[] kernel = {l.kernelRegion(), l.driverArea(), l.nonPagedPool(), l.pagedPool(), l.kuserKernel()};
        for (long va : kernel) {
            assertThat(Long.compareUnsigned(va, l.systemRangeStart())).isPositive();
        }
        assertThat(l.kernelRegion() % FrameAllocator.LARGE_PAGE).isZero();
        assertThat(l.kernelBase() % PhysicalPages.PAGE).isZero();
        assertThat(Long.compareUnsigned(l.driverArea(), l.kernelRegion() + (32L << 20))).isPositive();
        assertThat(l.highestUserAddress()).isGreaterThan(AddressLayout.KUSER_USER);
        if (l.is64Bit()) {
            assertThat(Long.compareUnsigned(l.kernelBase(), 0xFFFF_F800_0000_0000L)).isPositive();
            assertThat(Long.compareUnsigned(l.kernelBase(), 0xFFFF_F808_0000_0000L)).isNegative();
        } else {
            assertThat(l.pagedPool() + (64L << 20)).isLessThan(PaePageTableWriter.PTE_BASE);
        }
    }
}
