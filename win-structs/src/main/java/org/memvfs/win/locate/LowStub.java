package org.memvfs.win.locate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.ReadResult;
import org.memvfs.mmu.Va;

/**
 * The x64 low stub: the PROCESSOR_START_BLOCK that x64 Windows keeps in a page of the first MiB
 * for starting processors, which holds the kernel's entry point and the System PML4. Its layout is
 * not in the PDB-derived profiles; the values here are what symbol-less locators rely on (see
 * windows-realism.md): the first qword masked with {@link #SIGNATURE_MASK} is
 * {@link #SIGNATURE}, the entry point is at +0x70 and the PML4 at +0xA0.
 */
final class LowStub {
    static final long SIGNATURE_MASK = 0xffff_ffff_ffff_00ffL;
    static final long SIGNATURE = 0x0000_0001_0006_00E9L;
    static final int ENTRY_POINT = 0x70;
    static final int PML4 = 0xA0;
    /** The entry point is a 4-byte-aligned address in 0xFFFFF800'00000000 and up. */
    static final long ENTRY_MASK = 0xffff_f800_0000_0003L;
    static final long ENTRY_VALUE = 0xffff_f800_0000_0000L;
    /** The PML4 is page aligned and below 2^40. */
    static final long PML4_MUST_BE_ZERO = 0xffff_ff00_0000_0fffL;
    static final long FIRST = 0x1000;
    static final long END = 0x10_0000;

    record Found(Pa stub, Va entryPoint, Pa pml4) {
    }

    private LowStub() {
    }

    static Optional<Found> find(PhysicalMemory memory) {
        ByteBuffer block = ByteBuffer.allocate(PML4 + Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long pa = FIRST; pa < END; pa += PhysicalPages.PAGE) {
            block.clear();
            ReadResult read = memory.read(new Pa(pa), block);
            if (!read.isComplete() || (block.getLong(0) & SIGNATURE_MASK) != SIGNATURE) {
                continue;
            }
            long entry = block.getLong(ENTRY_POINT);
            long pml4 = block.getLong(PML4);
            if ((entry & ENTRY_MASK) == ENTRY_VALUE && pml4 != 0 && (pml4 & PML4_MUST_BE_ZERO) == 0) {
                return Optional.of(new Found(new Pa(pa), new Va(entry), new Pa(pml4)));
            }
        }
        return Optional.empty();
    }
}
