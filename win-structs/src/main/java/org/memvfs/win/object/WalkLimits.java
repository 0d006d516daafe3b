package org.memvfs.win.object;

/**
 * How far the walks over kernel lists and trees may go before they stop and say so. Real systems
 * stay far below these; a corrupt image reaches them instead of looping.
 *
 * @param maxProcesses entries of ActiveProcessLinks
 * @param maxThreads   entries of one process's thread list
 * @param maxVads      nodes of one VAD tree
 * @param maxVadDepth  levels of one VAD tree (a balanced tree of a million nodes has about 30)
 * @param maxModules   entries of one loader list (PEB LDR, PsLoadedModuleList)
 */
public record WalkLimits(int maxProcesses, int maxThreads, int maxVads, int maxVadDepth, int maxModules) {
    public static final WalkLimits DEFAULT = new WalkLimits(16_384, 16_384, 131_072, 64, 8_192);

    public WalkLimits {
        if (maxProcesses < 1 || maxThreads < 1 || maxVads < 1 || maxVadDepth < 1 || maxModules < 1) {
            throw new IllegalArgumentException("walk limits must be positive: " + maxProcesses + ", " + maxThreads
                    + ", " + maxVads + ", " + maxVadDepth + ", " + maxModules);
        }
    }
}
