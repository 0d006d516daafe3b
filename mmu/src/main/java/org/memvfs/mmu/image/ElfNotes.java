package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.memvfs.mmu.CpuState;
import org.memvfs.mmu.ImageFormatException;

/**
 * The ELF notes of a whole-machine dump — an ELF core's PT_NOTE segment, or the note area a
 * kdump keeps — and the per-CPU control registers they carry: QEMU's {@code QEMU} note
 * (QEMUCPUState) and VirtualBox's {@code VBCPU} note (DBGFCORECPU).
 */
final class ElfNotes {
    /** QEMUCPUState (target/i386/arch_dump.c): CR0 is at 392, CR3 at 416, CR4 at 424. */
    private static final int QEMU_CR0 = 392;
    private static final int QEMU_CR3 = 416;
    private static final int QEMU_CR4 = 424;
    /** DBGFCORECPU (VBox/vmm/dbgfcorefmt.h): CR0 at 288, CR3 at 304, CR4 at 312, EFER at 488. */
    private static final int VBOX_CR0 = 288;
    private static final int VBOX_CR3 = 304;
    private static final int VBOX_CR4 = 312;
    private static final int VBOX_EFER = 488;
    private static final int VBOX_CPU_NOTE = 0xb01;

    /**
     * @param cpus     the registers found, numbered on from the {@code firstCpu} given
     * @param producer "QEMU" or "VirtualBox" when a note says who wrote the dump, else null
     */
    record Found(List<CpuState> cpus, String producer) {
    }

    private ElfNotes() {
    }

    /**
     * Reads the notes in {@code notes} (position 0 to limit, little-endian).
     *
     * @param fileOffset where {@code notes} starts in {@code file}, for errors
     * @throws ImageFormatException when a note runs past the end of the area
     */
    static Found read(ByteBuffer notes, Path file, long fileOffset, int firstCpu, boolean x64Machine) {
        List<CpuState> cpus = new ArrayList<>();
        String producer = null;
        int at = 0;
        while (at + 12 <= notes.limit()) {
            long nameSize = Integer.toUnsignedLong(notes.getInt(at));
            long descSize = Integer.toUnsignedLong(notes.getInt(at + 4));
            int type = notes.getInt(at + 8);
            long nameAt = at + 12L;
            long descAt = nameAt + align4(nameSize);
            long nextAt = descAt + align4(descSize);
            if (nextAt > notes.limit()) {
                throw new ImageFormatException("a note (name " + nameSize + " bytes, descriptor " + descSize
                        + " bytes) runs past its segment", file, fileOffset + at);
            }
            String name = noteName(notes, (int) nameAt, (int) nameSize);
            ByteBuffer desc = notes.slice((int) descAt, (int) descSize).order(ByteOrder.LITTLE_ENDIAN);
            int cpu = firstCpu + cpus.size();
            if (name.equals("QEMU") && descSize >= QEMU_CR4 + 8) {
                producer = "QEMU";
                cpus.add(new CpuState(cpu, desc.getLong(QEMU_CR0), desc.getLong(QEMU_CR3), desc.getLong(QEMU_CR4), null,
                        x64Machine));
            } else if (name.equals("VBCPU") && type == VBOX_CPU_NOTE && descSize >= VBOX_EFER + 8) {
                producer = "VirtualBox";
                cpus.add(new CpuState(cpu, desc.getLong(VBOX_CR0), desc.getLong(VBOX_CR3), desc.getLong(VBOX_CR4),
                        desc.getLong(VBOX_EFER), x64Machine));
            } else if (name.equals("VBCORE")) {
                producer = "VirtualBox";
            }
            at = (int) nextAt;
        }
        return new Found(cpus, producer);
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    private static String noteName(ByteBuffer notes, int at, int size) {
        int length = 0;
        while (length < size && notes.get(at + length) != 0) {
            length++;
        }
        byte[] name = new byte[length];
        notes.get(at, name);
        return new String(name, StandardCharsets.ISO_8859_1);
    }
}
