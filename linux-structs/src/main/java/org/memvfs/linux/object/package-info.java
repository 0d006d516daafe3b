/**
 * Thin views of kernel objects ({@code task_struct}, {@code mm_struct}, {@code vm_area_struct},
 * {@code struct file}): an address and the context to read it, every getter reading the image when
 * called through offsets resolved once from BTF. Lists and trees (the task list, thread groups,
 * the maple tree, the mmap list, dentry chains) are walked with bounds and report what they could
 * not read as problem lines in a {@link org.memvfs.linux.object.WalkResult}.
 */
package org.memvfs.linux.object;
