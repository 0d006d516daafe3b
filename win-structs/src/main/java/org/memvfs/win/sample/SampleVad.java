package org.memvfs.win.sample;

import org.memvfs.mmu.Va;

/**
 * One VAD as the builder wrote it.
 *
 * @param node           the VAD node (the _MMVAD_SHORT/_MMVAD body)
 * @param start          the first byte of the region
 * @param end            the last byte of the region (inclusive, as MemProcFS prints it)
 * @param vadType        VadFlags.VadType (0 none, 1 dev-phys, 2 image map, 3 AWE, 4 write watch, 5 large pages …)
 * @param protection     VadFlags.Protection (the MM_ protection index 0..31)
 * @param privateMemory  VadFlags.PrivateMemory
 * @param memCommit      MemCommit, wherever the build keeps it
 * @param fileName       the mapped file's name (Subsection → ControlArea → FilePointer → FileName), or null
 */
public record SampleVad(Va node, Va start, Va end, int vadType, int protection, boolean privateMemory,
        boolean memCommit, String fileName) {

    public long size() {
        return end.value() - start.value() + 1;
    }
}
