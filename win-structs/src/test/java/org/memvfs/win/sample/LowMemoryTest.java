package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;

/** Page 0 and the x64 low stub, found the way a symbol-less locator finds them. */
class LowMemoryTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    static List<String> x64Profiles() {
        return SampleImages.supportedProfiles().stream().filter(id -> id.endsWith("-x64")).toList();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void pageZeroIsNotAllZeros(String id) {
        byte[] page = SampleFixtures.image(id).readPhysical(Pa.of(0), PhysicalPages.PAGE);
        assertThat(page).isNotEqualTo(new byte[PhysicalPages.PAGE]);
    }

    @ParameterizedTest
    @MethodSource("x64Profiles")
    void theLowStubNamesTheKernelEntryAndTheSystemTables(String id) {
        PhysicalMemory memory = SampleFixtures.memory(id);
        SampleManifest m = SampleFixtures.image(id).manifest();
        int found = 0;
        for (long pa = 0x1000; pa < 0xA0000; pa += PhysicalPages.PAGE) {
            long first = memory.readLong(Pa.of(pa));
            if ((first & LowMemory.START_BLOCK_MASK) != LowMemory.START_BLOCK_SIGNATURE) {
                continue;
            }
            found++;
            long entry = memory.readLong(Pa.of(pa + 0x70));
            long cr3 = memory.readLong(Pa.of(pa + 0xA0));
            assertThat(cr3).isEqualTo(m.systemDtb().value()).isLessThan(1L << 40);
            assertThat(entry & 3).isZero();
            assertThat(Long.compareUnsigned(entry, m.kernelBase().value())).isPositive();
            assertThat(Long.compareUnsigned(entry - m.kernelBase().value(), 32L << 20)).isNegative();
        }
        assertThat(found).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theSystemTopTableIsWhereRealSystemsKeepIt(String id) {
        SampleManifest m = SampleFixtures.image(id).manifest();
        assertThat(m.systemDtb().value()).isEqualTo(id.endsWith("x64") ? 0x1AA000 : 0x185000);
        ByteBuffer b = ByteBuffer.allocate(8);
        assertThat(SampleFixtures.memory(id).read(m.systemDtb(), b).isComplete()).isTrue();
    }
}
