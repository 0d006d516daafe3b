/**
 * Finding a Linux kernel in physical memory with no symbol file:
 * {@link org.memvfs.linux.locate.KernelLocator} scans once for the kernel's BTF and for
 * {@code init_task}, derives {@code phys_base} and {@code page_offset_base} from init_task's own
 * pointers, and finds the paging mode and the kernel's top table from a process's {@code mm->pgd};
 * every step is explained in {@link org.memvfs.linux.locate.Discovery#steps()}.
 */
package org.memvfs.linux.locate;
