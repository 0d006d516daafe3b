package org.memvfs.mmu;

/** One leaf of an address space: a page of {@code size} bytes at {@code va} backed by {@code pa}. */
public record MappedPage(Va va, Pa pa, long size, PageFlags flags) {
}
