/**
 * Windows' rules for not-present page-table entries (transition, prototype, paging file, demand
 * zero), plugged into mmu's walks as a {@link org.memvfs.mmu.SoftwareEntryResolver}.
 */
package org.memvfs.win.pte;
