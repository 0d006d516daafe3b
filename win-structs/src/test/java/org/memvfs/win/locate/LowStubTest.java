package org.memvfs.win.locate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;
import org.memvfs.win.testing.ToyMemory;

/** The x64 PROCESSOR_START_BLOCK in the first MiB. */
class LowStubTest {
    @Test
    void theStubGivesTheEntryPointAndThePml4() {
        ToyMemory memory = new ToyMemory(2 << 20)
                .put64(0x13000, 0x0000_0001_0006_12E9L)          // the masked byte (0x12) may be anything
                .put64(0x13000 + 0x70, 0xffff_f803_1a5f_0010L)
                .put64(0x13000 + 0xa0, 0x1aa000);
        assertThat(LowStub.find(memory)).contains(new LowStub.Found(new Pa(0x13000), new Va(0xffff_f803_1a5f_0010L),
                new Pa(0x1aa000)));
    }

    @Test
    void aSignatureWithAnImplausibleEntryPointOrPml4IsPassedOver() {
        ToyMemory memory = new ToyMemory(2 << 20)
                .put64(0x2000, 0x0000_0001_0006_00E9L).put64(0x2070, 0x0000_7ff8_0000_0000L).put64(0x20a0, 0x1aa000)
                .put64(0x3000, 0x0000_0001_0006_00E9L).put64(0x3070, 0xffff_f803_1a5f_0010L).put64(0x30a0, 0x1aa123)
                .put64(0x4000, 0x0000_0001_0006_00E9L).put64(0x4070, 0xffff_f803_1a5f_0011L).put64(0x40a0, 0x1aa000);
        assertThat(LowStub.find(memory)).isEmpty();
    }

    @Test
    void nothingIsFoundAboveTheFirstMiB() {
        ToyMemory memory = new ToyMemory(2 << 20)
                .put64(0x100000, 0x0000_0001_0006_00E9L).put64(0x100070, 0xffff_f803_1a5f_0010L).put64(0x1000a0, 0x1aa000);
        assertThat(LowStub.find(memory)).isEmpty();
    }
}
