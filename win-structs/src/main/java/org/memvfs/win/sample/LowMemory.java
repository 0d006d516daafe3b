package org.memvfs.win.sample;

/**
 * The first megabyte: the real-mode interrupt vector table in page 0 (a real machine's page 0 is
 * never all zeros) and, on x64, the PROCESSOR_START_BLOCK that Windows leaves in low memory for
 * starting application processors. Symbol-less parsers find the kernel from it: its first qword,
 * masked with 0xFFFFFFFFFFFF00FF, is 0x00000001000600E9 (a near jump and the completion flag), the
 * kernel entry point is at +0x70 and the System PML4's physical address at +0xA0 (offsets as
 * MemProcFS's vmmwininit.c reads them; see notes/windows-realism.md).
 */
final class LowMemory {
    /** The low stub's signature bits: E9 (jmp rel16), 06 00 (the jump's target page bits), 01 (completion flag). */
    static final long START_BLOCK_SIGNATURE = 0x0000_0001_0006_00E9L;
    static final long START_BLOCK_MASK = 0xFFFF_FFFF_FFFF_00FFL;
    /** The jump displacement's low byte, which the mask ignores. */
    private static final long JUMP_LOW_BYTE = 0x5DL << 8;
    /** PROCESSOR_START_BLOCK.LmTarget: the kernel address the processor jumps to in long mode. */
    static final int START_BLOCK_ENTRY_POINT = 0x70;
    /** PROCESSOR_START_BLOCK.ProcessorState.SpecialRegisters.Cr3: the kernel's page-map root. */
    static final int START_BLOCK_CR3 = 0xA0;
    /** BIOS vector table: every vector points into the BIOS segment (F000:FF53, the default IRET). */
    private static final int DEFAULT_VECTOR = 0xF000_FF53;
    private static final int VECTORS = 256;

    private LowMemory() {
    }

    static void writeVectorTable(PhysicalPages memory, FrameAllocator frames) {
        frames.reserve(0);
        byte[] table = new byte[VECTORS * 4];
        for (int i = 0; i < VECTORS; i++) {
            // video (10h) and the BIOS data area's handlers point elsewhere on real machines
            int vector = i == 0x10 ? 0xC000_0130 : DEFAULT_VECTOR - (i % 8) * 0x20;
            LittleEndian.putInt(table, i * 4, vector);
        }
        memory.write(0, table);
    }

    /** Writes the x64 low stub at {@code pa}. */
    static void writeStartBlock(PhysicalPages memory, FrameAllocator frames, long pa, long kernelEntry, long systemDtb) {
        frames.reserve(pa);
        memory.putLong(pa, START_BLOCK_SIGNATURE | JUMP_LOW_BYTE);
        memory.putLong(pa + START_BLOCK_ENTRY_POINT, kernelEntry);
        memory.putLong(pa + START_BLOCK_CR3, systemDtb);
    }
}
