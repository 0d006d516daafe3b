package org.memvfs.linux.locate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.memvfs.linux.FakeMemory;
import org.memvfs.linux.LinuxGuests;
import org.memvfs.linux.LinuxGuests.Format;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.linux.btf.Btf;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.image.MemoryImages;

class BtfProbeTest {

    @Test
    void theKernelsBlobIsAcceptedAndTheSlabCopyOfItsHeaderIsNot() {
        Image a = new Image(GuestConfig.A, Format.ELF);
        Pa real = LinuxGuests.kernel(a).discovery().btfAt();
        try (PhysicalMemory memory = MemoryImages.open(a.path())) {
            BtfProbe probe = new BtfProbe(memory);
            assertThat(probe.tryAt(new Pa(0x254eb30))).isNull();
            Btf btf = probe.tryAt(real);
            assertThat(btf).isNotNull();
            assertThat(probe.rejections()).singleElement().asString().contains("0x254eb30").contains("string section");
            assertThat(BtfProbe.describe(btf, real)).contains("100,750 types");
        }
    }

    @Test
    void completeBtfWithoutTaskStructIsNotTheKernelsAndCandidatesAreBounded() {
        // a blob of one INT: valid BTF, as a module's might be, but not the kernel's
        ByteBuffer blob = ByteBuffer.allocate(24 + 16 + 5).order(ByteOrder.LITTLE_ENDIAN);
        blob.put(BtfProbe.HEADER_START).putInt(0).putInt(16).putInt(16).putInt(5);
        blob.putInt(1).putInt(1 << 24).putInt(4).putInt(32);
        blob.put(new byte[] {0, 'i', 'n', 't', 0});
        FakeMemory memory = new FakeMemory().range(0, 0x1000).put(0x100, blob.array());
        BtfProbe probe = new BtfProbe(memory);
        assertThat(probe.tryAt(new Pa(0x100))).isNull();
        assertThat(probe.rejections().get(0)).contains("without task_struct");
        for (int i = 1; i < BtfProbe.MAX_CANDIDATES; i++) {
            probe.tryAt(new Pa(0x100));
        }
        assertThat(probe.canTryMore()).isFalse();
    }
}
