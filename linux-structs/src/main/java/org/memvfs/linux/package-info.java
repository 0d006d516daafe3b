/**
 * The Linux kernel model, with no symbol file. {@link org.memvfs.linux.LinuxKernel#open} finds the
 * kernel in a memory image through its own BTF (sub-package {@code locate}; the BTF parser is in
 * {@code btf}) and hands out thin views of tasks, address spaces, VMAs and mapped files
 * ({@code object}). See {@code notes/linux-btf.md} for the facts this rests on.
 */
package org.memvfs.linux;
