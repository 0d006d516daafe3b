/**
 * Finding the Windows kernel in an image without a header: the top page table, ntoskrnl, its PDB
 * identity and build, the structure profile that fits, and the list heads; each step recorded with
 * why ({@link org.memvfs.win.locate.Discovery#steps()}).
 */
package org.memvfs.win.locate;
