package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.memvfs.mmu.CpuState;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ImageFormatException;

/**
 * Reads an ELF core of a whole machine as QEMU's {@code dump-guest-memory} and VirtualBox's
 * {@code debugvm dumpvmcore} write it: PT_LOAD segments whose physical address is guest
 * physical memory, and per-CPU notes carrying the control registers (QEMU's {@code QEMU} note,
 * VirtualBox's {@code VBCPU} note).
 */
final class ElfCoreReader {
    static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};

    private static final int ET_CORE = 4;
    private static final int EM_386 = 3;
    private static final int EM_X86_64 = 62;
    private static final int PT_LOAD = 1;
    private static final int PT_NOTE = 4;
    private static final int PN_XNUM = 0xffff;
    private static final int MAX_PROGRAM_HEADERS = 1 << 20;
    private static final int MAX_NOTE_BYTES = 64 << 20;

    private final FileBytes file;
    private boolean is64;
    private final List<Segment> segments = new ArrayList<>();
    private final List<CpuState> cpus = new ArrayList<>();
    private String producer = "ELF core";

    private ElfCoreReader(FileBytes file) {
        this.file = file;
    }

    static SegmentedMemory open(FileBytes file) {
        ElfCoreReader reader = new ElfCoreReader(file);
        reader.parse();
        SegmentedMemory memory = new SegmentedMemory("elf-core", reader.describe(), file, reader.segments, reader.cpus);
        return memory;
    }

    private String describe() {
        return producer + " " + file.path() + " (" + (is64 ? "ELF64" : "ELF32") + ", " + segments.size()
                + " PT_LOAD segment" + (segments.size() == 1 ? "" : "s") + ", " + cpus.size() + " CPU"
                + (cpus.size() == 1 ? "" : "s") + " with registers)";
    }

    private ImageFormatException bad(String what, long offset) {
        return new ImageFormatException(what, file.path(), offset);
    }

    private ByteBuffer bytes(long offset, int length, String what) {
        if (offset < 0 || offset > file.size() - length) {
            throw bad(what + " (" + length + " bytes at " + Hex.of(offset) + ") lies past the end of the file ("
                    + Hex.of(file.size()) + " bytes): the core is truncated", offset);
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        file.read(offset, buffer);
        return buffer.flip();
    }

    private void parse() {
        ByteBuffer ident = bytes(0, 16, "the ELF identification");
        int elfClass = ident.get(4);
        if (elfClass != 1 && elfClass != 2) {
            throw bad("ELF class " + elfClass + " is neither 32-bit (1) nor 64-bit (2)", 4);
        }
        if (ident.get(5) != 1) {
            throw bad("big-endian ELF (data encoding " + ident.get(5) + ") is not a little-endian x86 core", 5);
        }
        is64 = elfClass == 2;
        ByteBuffer header = bytes(0, is64 ? 64 : 52, "the ELF header");
        int type = Short.toUnsignedInt(header.getShort(16));
        if (type != ET_CORE) {
            throw bad("ELF file of type " + type + " is not a core dump (type 4)", 16);
        }
        int machine = Short.toUnsignedInt(header.getShort(18));
        long phoff = is64 ? header.getLong(32) : Integer.toUnsignedLong(header.getInt(28));
        long shoff = is64 ? header.getLong(40) : Integer.toUnsignedLong(header.getInt(32));
        int phentsize = Short.toUnsignedInt(header.getShort(is64 ? 54 : 42));
        long phnum = Short.toUnsignedInt(header.getShort(is64 ? 56 : 44));
        if (phnum == PN_XNUM) {
            ByteBuffer section0 = bytes(shoff, is64 ? 64 : 40, "section header 0 (which holds the program header count)");
            phnum = Integer.toUnsignedLong(section0.getInt(is64 ? 44 : 28));
        }
        int minimum = is64 ? 56 : 32;
        if (phentsize < minimum) {
            throw bad("program header size " + phentsize + " is smaller than " + minimum, is64 ? 54 : 42);
        }
        if (phnum == 0 || phnum > MAX_PROGRAM_HEADERS) {
            throw bad("program header count " + phnum + " is not between 1 and " + MAX_PROGRAM_HEADERS, is64 ? 56 : 44);
        }
        long tableBytes = phnum * phentsize;
        if (phoff < 0 || phoff > file.size() - tableBytes) {
            throw bad(phnum + " program headers at " + Hex.of(phoff) + " run past the end of the file ("
                    + Hex.of(file.size()) + " bytes): the core is truncated", is64 ? 32 : 28);
        }
        for (long i = 0; i < phnum; i++) {
            long at = phoff + i * phentsize;
            readProgramHeader(bytes(at, minimum, "program header " + i), at, machine == EM_X86_64);
        }
        if (segments.isEmpty()) {
            throw bad("the core has no PT_LOAD segment: it holds no memory", phoff);
        }
        if (machine != EM_X86_64 && machine != EM_386) {
            producer = producer + " for machine " + machine;
        }
    }

    private void readProgramHeader(ByteBuffer ph, long at, boolean x64Machine) {
        int type = ph.getInt(0);
        long offset = is64 ? ph.getLong(8) : Integer.toUnsignedLong(ph.getInt(4));
        long paddr = is64 ? ph.getLong(24) : Integer.toUnsignedLong(ph.getInt(12));
        long filesz = is64 ? ph.getLong(32) : Integer.toUnsignedLong(ph.getInt(16));
        if (type == PT_LOAD) {
            segments.add(new Segment(paddr, filesz, offset, at));
        } else if (type == PT_NOTE) {
            if (filesz > MAX_NOTE_BYTES) {
                throw bad("a note segment of " + filesz + " bytes is implausibly large", at);
            }
            readNotes(bytes(offset, (int) filesz, "the note segment described at " + Hex.of(at)), offset, x64Machine);
        }
    }

    private void readNotes(ByteBuffer notes, long fileOffset, boolean x64Machine) {
        ElfNotes.Found found = ElfNotes.read(notes, file.path(), fileOffset, cpus.size(), x64Machine);
        cpus.addAll(found.cpus());
        if (found.producer() != null) {
            producer = found.producer() + " ELF core";
        }
    }
}
