package org.memvfs.linux.locate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.memvfs.linux.btf.Btf;
import org.memvfs.linux.btf.BtfHeader;
import org.memvfs.linux.btf.BtfKind;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.ReadResult;

/**
 * Tells the kernel's BTF blob from the other places its header bytes occur. A header is only a
 * candidate; the blob counts when its whole type and string sections parse to their ends and it
 * describes a {@code task_struct} (a module's split BTF names types it does not have, and the
 * copy of the header inside the kernel's {@code struct btf} is followed by anything but types).
 */
final class BtfProbe {
    /** The first 8 bytes of a BTF blob: magic {@code 0xeb9f}, version 1, flags 0, {@code hdr_len} 24. */
    static final byte[] HEADER_START = {(byte) 0x9f, (byte) 0xeb, 1, 0, BtfHeader.LENGTH, 0, 0, 0};
    /** Candidates tried before giving up: each costs a read of up to 16 MiB. */
    static final int MAX_CANDIDATES = 64;

    private final PhysicalMemory memory;
    private final List<String> rejections = new ArrayList<>();
    private int tried;

    BtfProbe(PhysicalMemory memory) {
        this.memory = memory;
    }

    /** Whether more candidates may be tried. */
    boolean canTryMore() {
        return tried < MAX_CANDIDATES;
    }

    /** The blob at {@code at} if it is the kernel's BTF; otherwise null, with the reason kept. */
    Btf tryAt(Pa at) {
        tried++;
        try {
            ByteBuffer head = ByteBuffer.allocate(BtfHeader.LENGTH);
            memory.read(at, head);
            BtfHeader header = BtfHeader.parse(head.flip());
            ByteBuffer blob = ByteBuffer.allocate((int) header.blobLength());
            ReadResult read = memory.read(at, blob);
            if (!read.isComplete()) {
                throw new MemoryException("the blob's " + Hex.of(header.blobLength()) + " bytes run into a hole of the image",
                        MemoryException.Context.NONE.withPa(at));
            }
            Btf btf = Btf.parse(blob.flip());
            if (btf.struct("task_struct").isEmpty()) {
                reject(at, "complete BTF of " + btf.typeCount() + " types, but without task_struct (not the kernel's own)");
                return null;
            }
            return btf;
        } catch (MemoryException e) {
            reject(at, e.what());
            return null;
        }
    }

    private void reject(Pa at, String why) {
        rejections.add("BTF header at PA " + Hex.of(at.value()) + " rejected: " + why);
    }

    /** One line per rejected candidate. */
    List<String> rejections() {
        return rejections;
    }

    /** One line describing an accepted blob. */
    static String describe(Btf btf, Pa at) {
        long bytes = btf.header().blobLength();
        return String.format("BTF: found at PA %s (%.1f MiB, %,d types, %d kinds; the whole type and string sections parse)",
                Hex.of(at.value()), bytes / 1048576.0, btf.typeCount(),
                btf.kindCounts().keySet().stream().filter(k -> k != BtfKind.UNKNOWN).count());
    }
}
