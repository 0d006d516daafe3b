package org.memvfs.win.sample;

import org.memvfs.mmu.Va;

/**
 * One thread as the builder wrote it.
 *
 * @param ethread            the ETHREAD body
 * @param tid                Cid.UniqueThread
 * @param startAddress       StartAddress
 * @param win32StartAddress  Win32StartAddress
 * @param teb                _KTHREAD.Teb, or null for a system thread
 * @param state              _KTHREAD.State (KTHREAD_STATE: 2 running, 5 waiting, 4 terminated …)
 * @param waitReason         _KTHREAD.WaitReason
 * @param priority           _KTHREAD.Priority
 * @param createTime         CreateTime (FILETIME)
 * @param exitTime           ExitTime (FILETIME), 0 while running
 * @param kernelTime         _KTHREAD.KernelTime (ticks)
 * @param userTime           _KTHREAD.UserTime (ticks)
 */
public record SampleThread(Va ethread, int tid, Va startAddress, Va win32StartAddress, Va teb, int state,
        int waitReason, int priority, long createTime, long exitTime, long kernelTime, long userTime) {
}
