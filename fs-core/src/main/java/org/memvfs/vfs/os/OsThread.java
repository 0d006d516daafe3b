package org.memvfs.vfs.os;

import java.time.Instant;
import java.util.Map;
import org.memvfs.mmu.Va;

/**
 * A thread as the file tree shows it.
 *
 * @param tid          the thread id
 * @param state        the scheduler state in words ({@code running}, {@code waiting} …)
 * @param startAddress where the thread started
 * @param teb          the thread's user environment block (TEB), or null when it has none
 * @param priority     the current priority
 * @param createTime   when it was created, or null
 * @param details      further fields by name, in display order ({@code win32-start}, {@code wait-reason} …)
 */
public record OsThread(int tid, String state, Va startAddress, Va teb, int priority, Instant createTime,
        Map<String, String> details) {
}
