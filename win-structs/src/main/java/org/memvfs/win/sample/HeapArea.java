package org.memvfs.win.sample;

/**
 * The committed head of a process heap, handed out front to back: the loader's data, module
 * names and the heap array live here as they do in a real process heap. The heap segment starts
 * with the segment signature 0xFFEEFFEE at {@code _HEAP_SEGMENT.SegmentSignature} (+0x10 on x64,
 * +0x8 on x86), which heap walkers look for.
 */
final class HeapArea {
    static final int SEGMENT_SIGNATURE = 0xFFEE_FFEE;
    private static final int FIRST_BLOCK = 0x800;
    private static final int ALIGNMENT = 0x10;

    private final VirtualMemory memory;
    private final long start;
    private final long end;
    private long next;

    HeapArea(VirtualMemory memory, long start, long committedBytes) {
        this.memory = memory;
        this.start = start;
        this.end = start + committedBytes;
        this.next = start + FIRST_BLOCK;
        memory.put(start + (memory.pointerSize() == 8 ? 0x10 : 0x8), SEGMENT_SIGNATURE, 4);
    }

    long start() {
        return start;
    }

    /** {@code bytes} zeroed bytes, 16-byte aligned. */
    long allocate(int bytes) {
        long at = next;
        next = (at + bytes + ALIGNMENT - 1) & -ALIGNMENT;
        if (next > end) {
            throw new IllegalStateException("the sample heap at 0x" + Long.toHexString(start) + " is full");
        }
        return at;
    }

    /** Copies {@code bytes} into a fresh block; returns its address. */
    long store(byte[] bytes) {
        long at = allocate(bytes.length);
        memory.write(at, bytes);
        return at;
    }
}
