package org.memvfs.win.sample;

import org.memvfs.mmu.Va;

/**
 * One loaded module (an LDR entry of a process, or a kernel module) as the builder wrote it. A PE
 * header (MZ, PE, sections) is at {@code base}.
 *
 * @param entry     the LDR entry itself
 * @param base      DllBase
 * @param size      SizeOfImage
 * @param entryPoint EntryPoint
 * @param fullName  FullDllName
 * @param baseName  BaseDllName
 */
public record SampleModule(Va entry, Va base, long size, Va entryPoint, String fullName, String baseName) {
}
