package org.memvfs.win.object;

import org.memvfs.mmu.Va;

/**
 * A loaded module: a thin view of its loader entry, an {@code _LDR_DATA_TABLE_ENTRY} of a
 * process (32-bit for the WoW64 list) or a {@code _KLDR_DATA_TABLE_ENTRY} of the kernel, read on call.
 */
public final class WinModule {
    private final StructView entry;

    WinModule(StructView entry) {
        this.entry = entry;
    }

    /** Where the loader entry is. */
    public Va address() {
        return entry.address();
    }

    /** Corresponds to {@code DllBase}. */
    public Va base() {
        return entry.pointer("DllBase");
    }

    /** Corresponds to {@code SizeOfImage}. */
    public long size() {
        return entry.u32("SizeOfImage");
    }

    /** Corresponds to {@code EntryPoint}. */
    public Va entryPoint() {
        return entry.pointer("EntryPoint");
    }

    /** Corresponds to {@code FullDllName}. */
    public String fullName() {
        return entry.unicodeString("FullDllName");
    }

    /** Corresponds to {@code BaseDllName}. */
    public String baseName() {
        return entry.unicodeString("BaseDllName");
    }

    @Override
    public String toString() {
        return entry.struct() + " at " + address();
    }
}
