package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.memvfs.mmu.CpuState;
import org.memvfs.mmu.ImageFormatException;

class ElfNotesTest {
    private static final Path FILE = Path.of("/images/vmcore");

    private static ByteBuffer notes(String name, int type, byte[] desc) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        int nameBytes = (n.length + 3) & ~3;
        int descBytes = (desc.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(12 + nameBytes + descBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(n.length).putInt(desc.length).putInt(type).put(n);
        b.position(12 + nameBytes);
        b.put(desc);
        return b.flip();
    }

    @Test
    void qemuNotesAreNumberedOnFromTheFirstCpuGiven() {
        ElfNotes.Found found = ElfNotes.read(notes("QEMU", 0, TestElfCore.qemuCpu(0x80050033L, 0x1000, 0x20)), FILE, 0x400, 3,
                true);
        assertThat(found.producer()).isEqualTo("QEMU");
        assertThat(found.cpus()).extracting(CpuState::cpu, CpuState::cr3).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, 0x1000L));
    }

    @Test
    void otherNotesGiveNoCpus() {
        ElfNotes.Found found = ElfNotes.read(notes("CORE", 1, new byte[336]), FILE, 0, 0, true);
        assertThat(found.cpus()).isEmpty();
        assertThat(found.producer()).isNull();
    }

    @Test
    void aNoteRunningPastItsAreaNamesItsOffset() {
        ByteBuffer cut = notes("QEMU", 0, new byte[440]);
        cut.limit(100);
        assertThatThrownBy(() -> ElfNotes.read(cut, FILE, 0x400, 0, true)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("runs past").hasMessageContaining("offset 0x400").hasMessageContaining("vmcore");
    }
}
