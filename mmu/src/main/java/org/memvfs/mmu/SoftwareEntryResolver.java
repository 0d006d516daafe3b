package org.memvfs.mmu;

/**
 * The hook through which an operating system's model explains entries whose present bit is clear
 * (Windows transition, prototype and paging-file entries), so that {@code mmu} holds no
 * operating-system rules. Called during walks, possibly from several threads at once; it must not
 * translate through the address space that called it with the same address (no re-entry).
 */
@FunctionalInterface
public interface SoftwareEntryResolver {
    /** Treats every not-present entry as just that. */
    SoftwareEntryResolver NONE = (level, entry, va) -> SoftwareEntry.NOT_PRESENT;

    /**
     * Explains the not-present {@code entry} met at {@code level} while translating {@code va}.
     * A resolved answer's page is the mapped 4 KiB page at the last level, or the next table above.
     */
    SoftwareEntry resolve(PagingLevel level, Pte entry, Va va);
}
