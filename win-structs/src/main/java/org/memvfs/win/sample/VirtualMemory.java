package org.memvfs.win.sample;

/**
 * Virtual memory under one root, for writing structures where Windows has them: every access is
 * translated through the builder's own tables, page by page, and fails loudly on an unmapped
 * address (a builder bug, never an expected state).
 */
final class VirtualMemory {
    private final PhysicalPages memory;
    private final PageTableWriter tables;
    private final long root;
    private final int pointerSize;

    VirtualMemory(PhysicalPages memory, PageTableWriter tables, long root, int pointerSize) {
        this.memory = memory;
        this.tables = tables;
        this.root = root;
        this.pointerSize = pointerSize;
    }

    long root() {
        return root;
    }

    int pointerSize() {
        return pointerSize;
    }

    /** The same memory with pointers of {@code size} bytes: a WoW64 process's 32-bit structures. */
    VirtualMemory withPointerSize(int size) {
        return new VirtualMemory(memory, tables, root, size);
    }

    /** The same tables under another root. */
    VirtualMemory withRoot(long otherRoot) {
        return new VirtualMemory(memory, tables, otherRoot, pointerSize);
    }

    void write(long va, byte[] data) {
        int done = 0;
        while (done < data.length) {
            long at = va + done;
            int chunk = (int) Math.min(data.length - done, PhysicalPages.PAGE - (at & (PhysicalPages.PAGE - 1)));
            memory.write(physical(at), data, done, chunk);
            done += chunk;
        }
    }

    byte[] read(long va, int length) {
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long at = va + done;
            int chunk = (int) Math.min(length - done, PhysicalPages.PAGE - (at & (PhysicalPages.PAGE - 1)));
            System.arraycopy(memory.read(physical(at), chunk), 0, out, done, chunk);
            done += chunk;
        }
        return out;
    }

    /** Writes the low {@code size} bytes of {@code value}. */
    void put(long va, long value, int size) {
        byte[] b = new byte[size];
        LittleEndian.put(b, 0, value, size);
        write(va, b);
    }

    void putPointer(long va, long value) {
        put(va, value, pointerSize);
    }

    long get(long va, int size) {
        return LittleEndian.get(read(va, size), 0, size);
    }

    /** Whether {@code va} is mapped by a valid entry. */
    boolean isMapped(long va) {
        return tables.translate(root, va) >= 0;
    }

    long physical(long va) {
        long pa = tables.translate(root, va);
        if (pa < 0) {
            throw new IllegalStateException("the builder wrote to unmapped virtual address 0x" + Long.toHexString(va)
                    + " under root 0x" + Long.toHexString(root));
        }
        return pa;
    }
}
