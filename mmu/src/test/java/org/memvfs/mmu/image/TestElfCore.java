package org.memvfs.mmu.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;

/**
 * Writes small ELF cores for tests, laid out as QEMU lays them out (ELF header, program headers,
 * the note segment, then each PT_LOAD's bytes), with knobs to break them. Public, like the other
 * test-side writers, so that other modules' tests can write their images as ELF cores.
 */
public final class TestElfCore {
    record Load(long paddr, byte[] data) {
    }

    record Note(String name, int type, byte[] desc) {
    }

    private final boolean is64;
    private final List<Load> loads = new ArrayList<>();
    private final List<Note> notes = new ArrayList<>();
    private int type = 4;
    private boolean extendedCount;

    public TestElfCore(boolean is64) {
        this.is64 = is64;
    }

    public TestElfCore load(long paddr, byte[] data) {
        loads.add(new Load(paddr, data));
        return this;
    }

    public TestElfCore note(String name, int noteType, byte[] desc) {
        notes.add(new Note(name, noteType, desc));
        return this;
    }

    public TestElfCore type(int elfType) {
        this.type = elfType;
        return this;
    }

    /** Counts program headers through section header 0, as cores with 65,535 or more segments must. */
    public TestElfCore extendedCount() {
        this.extendedCount = true;
        return this;
    }

    /** A 64-bit core of {@code source}: one PT_LOAD per range, as QEMU writes it. */
    public static byte[] of(PhysicalMemory source) {
        TestElfCore core = new TestElfCore(true);
        for (PhysicalRange range : source.ranges()) {
            ByteBuffer data = ByteBuffer.allocate((int) range.length());
            source.read(range.start(), data);
            core.load(range.start().value(), data.array());
        }
        return core.build();
    }

    /** A QEMUCPUState note body with CR0, CR3 and CR4 at their offsets. */
    public static byte[] qemuCpu(long cr0, long cr3, long cr4) {
        ByteBuffer desc = ByteBuffer.allocate(440).order(ByteOrder.LITTLE_ENDIAN);
        desc.putInt(0, 1).putInt(4, 440);
        desc.putLong(392, cr0).putLong(416, cr3).putLong(424, cr4);
        return desc.array();
    }

    /** A DBGFCORECPU note body with CR0, CR3, CR4 and EFER at their offsets. */
    public static byte[] vboxCpu(long cr0, long cr3, long cr4, long efer) {
        ByteBuffer desc = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        desc.putLong(288, cr0).putLong(304, cr3).putLong(312, cr4).putLong(488, efer);
        return desc.array();
    }

    public byte[] build() {
        int ehsize = is64 ? 64 : 52;
        int phentsize = is64 ? 56 : 32;
        int shentsize = is64 ? 64 : 40;
        byte[] noteBytes = noteSegment();
        int phnum = loads.size() + (notes.isEmpty() ? 0 : 1);
        long phoff = ehsize;
        long shoff = extendedCount ? phoff + (long) phnum * phentsize : 0;
        long noteOffset = phoff + (long) phnum * phentsize + (extendedCount ? shentsize : 0);
        long dataOffset = noteOffset + noteBytes.length;

        ByteBuffer out = ByteBuffer.allocate((int) (dataOffset + loads.stream().mapToLong(l -> l.data().length).sum()))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), 1, 1});
        out.putShort(16, (short) type).putShort(18, (short) (is64 ? 62 : 3)).putInt(20, 1);
        if (is64) {
            out.putLong(32, phoff).putLong(40, shoff).putShort(52, (short) ehsize).putShort(54, (short) phentsize)
                    .putShort(56, (short) (extendedCount ? 0xffff : phnum)).putShort(58, (short) shentsize)
                    .putShort(60, (short) (extendedCount ? 1 : 0));
        } else {
            out.putInt(28, (int) phoff).putInt(32, (int) shoff).putShort(40, (short) ehsize).putShort(42, (short) phentsize)
                    .putShort(44, (short) (extendedCount ? 0xffff : phnum)).putShort(46, (short) shentsize)
                    .putShort(48, (short) (extendedCount ? 1 : 0));
        }
        int at = (int) phoff;
        if (!notes.isEmpty()) {
            programHeader(out, at, 4, noteOffset, 0, noteBytes.length);
            at += phentsize;
        }
        long offset = dataOffset;
        for (Load load : loads) {
            programHeader(out, at, 1, offset, load.paddr(), load.data().length);
            out.put((int) offset, load.data());
            offset += load.data().length;
            at += phentsize;
        }
        if (extendedCount) {
            out.putInt((int) shoff + (is64 ? 44 : 28), phnum);
        }
        out.put((int) noteOffset, noteBytes);
        return out.array();
    }

    private void programHeader(ByteBuffer out, int at, int phType, long offset, long paddr, long size) {
        out.putInt(at, phType);
        if (is64) {
            out.putLong(at + 8, offset).putLong(at + 16, paddr).putLong(at + 24, paddr).putLong(at + 32, size)
                    .putLong(at + 40, size);
        } else {
            out.putInt(at + 4, (int) offset).putInt(at + 8, (int) paddr).putInt(at + 12, (int) paddr)
                    .putInt(at + 16, (int) size).putInt(at + 20, (int) size);
        }
    }

    private byte[] noteSegment() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Note note : notes) {
            byte[] name = (note.name() + "\0").getBytes(StandardCharsets.US_ASCII);
            ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(name.length).putInt(note.desc().length).putInt(note.type());
            out.writeBytes(header.array());
            out.writeBytes(padded(name));
            out.writeBytes(padded(note.desc()));
        }
        return out.toByteArray();
    }

    private static byte[] padded(byte[] bytes) {
        byte[] result = new byte[(bytes.length + 3) & ~3];
        System.arraycopy(bytes, 0, result, 0, bytes.length);
        return result;
    }
}
