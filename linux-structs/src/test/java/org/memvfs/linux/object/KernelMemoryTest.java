package org.memvfs.linux.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.memvfs.mmu.Va;

class KernelMemoryTest {
    private final OldKernel old = new OldKernel();
    private final KernelMemory memory = old.objects.memory();

    @Test
    void valuesAreReadLittleEndianInEverySize() {
        old.memory.put64(0x8000, 0x8877665544332211L);
        Va at = OldKernel.va(0x8000);
        assertThat(memory.u64(at, "x")).isEqualTo(0x8877665544332211L);
        assertThat(memory.u32(at, "x")).isEqualTo(0x44332211);
        assertThat(memory.unsigned(at, 1, "x")).isEqualTo(0x11);
        assertThat(memory.unsigned(at, 2, "x")).isEqualTo(0x2211);
        assertThat(memory.unsigned(at.plus(4), 4, "x")).isEqualTo(0x88776655L);
        assertThat(memory.pointer(at, "x")).isEqualTo(new Va(0x8877665544332211L));
    }

    @Test
    void aReadThatMissesAByteFailsNamingWhatAndWhere() {
        Va end = OldKernel.va((4 << 20) - 4);
        assertThatThrownBy(() -> memory.u64(end, "task_struct.pid of something")).isInstanceOf(KernelReadException.class)
                .hasMessageContaining("task_struct.pid of something").hasMessageContaining("4 bytes do not translate")
                .hasMessageContaining("va " + end);
    }

    @Test
    void stringsEndAtTheirNulEvenRightBeforeMemoryThatIsNotThere() {
        long last = (4 << 20) - 6;
        old.memory.put(last, "name\0".getBytes(StandardCharsets.US_ASCII));
        assertThat(memory.cStringAcrossPages(OldKernel.va(last), 255, "a name")).isEqualTo("name");
        assertThatThrownBy(() -> memory.cString(OldKernel.va(last), 255, "a name")).isInstanceOf(KernelReadException.class);
        old.memory.put(0x9000, "abcdef".getBytes(StandardCharsets.US_ASCII));
        assertThat(memory.cString(OldKernel.va(0x9000), 3, "x")).isEqualTo("abc");
        assertThat(memory.cStringAcrossPages(OldKernel.va(0x9000), 4, "x")).isEqualTo("abcd");
    }
}
