package org.memvfs.win.object;

import java.util.Optional;
import org.memvfs.mmu.Va;

/** A thread: a thin view of its {@code _ETHREAD}, read on call. */
public final class WinThread {
    private final StructView ethread;

    WinThread(StructView ethread) {
        this.ethread = ethread;
    }

    /** Where the {@code _ETHREAD} is. */
    public Va address() {
        return ethread.address();
    }

    /** Corresponds to {@code _ETHREAD.Cid.UniqueThread}. */
    public int tid() {
        return (int) ethread.pointerSized("Cid.UniqueThread");
    }

    /** Corresponds to {@code _ETHREAD.Cid.UniqueProcess}. */
    public int pid() {
        return (int) ethread.pointerSized("Cid.UniqueProcess");
    }

    /** Corresponds to {@code _ETHREAD.StartAddress}. */
    public Va startAddress() {
        return ethread.pointer("StartAddress");
    }

    /** Corresponds to {@code _ETHREAD.Win32StartAddress}. */
    public Va win32StartAddress() {
        return ethread.pointer("Win32StartAddress");
    }

    /** Corresponds to {@code _KTHREAD.Teb}; empty for system threads. */
    public Optional<Va> teb() {
        Va teb = ethread.pointer("Tcb.Teb");
        return teb.value() == 0 ? Optional.empty() : Optional.of(teb);
    }

    /** Corresponds to {@code _KTHREAD.State} (KTHREAD_STATE: 2 running, 4 terminated, 5 waiting …). */
    public int state() {
        return (int) ethread.u8("Tcb.State");
    }

    /** Corresponds to {@code _KTHREAD.WaitReason} (KWAIT_REASON). */
    public int waitReason() {
        return (int) ethread.u8("Tcb.WaitReason");
    }

    /** Corresponds to {@code _KTHREAD.Priority}, a signed byte. */
    public int priority() {
        return (byte) ethread.u8("Tcb.Priority");
    }

    /** Corresponds to {@code _ETHREAD.CreateTime} (FILETIME). */
    public long createTime() {
        return ethread.u64("CreateTime");
    }

    /** Corresponds to {@code _ETHREAD.ExitTime} (FILETIME); 0 while the thread runs. */
    public long exitTime() {
        return ethread.u64("ExitTime");
    }

    /** Corresponds to {@code _KTHREAD.KernelTime}, in clock ticks. */
    public long kernelTime() {
        return ethread.u32("Tcb.KernelTime");
    }

    /** Corresponds to {@code _KTHREAD.UserTime}, in clock ticks. */
    public long userTime() {
        return ethread.u32("Tcb.UserTime");
    }

    @Override
    public String toString() {
        return "ETHREAD at " + address();
    }
}
