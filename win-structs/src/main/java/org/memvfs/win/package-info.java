/**
 * The Windows kernel model. {@link org.memvfs.win.WindowsKernel#open} finds the kernel in a memory
 * image (sub-package {@code locate}), chooses and checks a structure profile ({@code profile}),
 * installs Windows' software-PTE rules ({@code pte}) and hands out thin views of processes, threads,
 * VADs and modules ({@code object}). The sample-image builder lives in {@code sample}.
 */
package org.memvfs.win;
