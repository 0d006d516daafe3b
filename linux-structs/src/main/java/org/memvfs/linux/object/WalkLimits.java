package org.memvfs.linux.object;

/**
 * How far each walk may go before it stops with a problem line: a corrupt or hostile image can
 * make any list loop or any tree look infinite.
 *
 * @param maxTasks        tasks on {@code init_task.tasks} ({@code PID_MAX_LIMIT} is 4M; real systems have thousands)
 * @param maxThreads      threads of one thread group
 * @param maxRegions      VMAs of one process ({@code vm.max_map_count} defaults to 65530)
 * @param maxTreeDepth    levels of a maple tree (a 64-bit tree of 10-way nodes needs far fewer)
 * @param maxPathDepth    dentries from a file up to its root, mount points included
 * @param maxCmdlineBytes bytes of a process's argument area read for its command line
 */
public record WalkLimits(int maxTasks, int maxThreads, int maxRegions, int maxTreeDepth, int maxPathDepth, int maxCmdlineBytes) {
    public static final WalkLimits DEFAULT = new WalkLimits(1 << 16, 1 << 15, 1 << 18, 32, 256, 128 << 10);
}
