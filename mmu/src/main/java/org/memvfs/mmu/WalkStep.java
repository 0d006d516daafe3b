package org.memvfs.mmu;

/**
 * One step of a page walk: the entry read at {@code index} of the table at {@code table}.
 */
public record WalkStep(PagingLevel level, Pa table, int index, Pte entry) {

    /** The entry's byte offset within its table, as {@code map.txt} prints it. */
    public int entryOffset() {
        return index * level.entryBytes();
    }

    /** The physical address of the entry itself. */
    public Pa entryAddress() {
        return table.plus(entryOffset());
    }
}
