package org.memvfs.win.sample;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.ReadResult;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.BitField;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;

/**
 * A test-side reader of a written sample: memory through mmu's translation engine (proven against
 * QEMU), structures by the profile's offsets. Independent of the builder's own table walker.
 */
final class ImageReader {
    final PhysicalMemory memory;
    final SampleManifest manifest;
    final WindowsProfile profile;
    final AddressSpace kernel;
    final int ptr;

    ImageReader(PhysicalMemory memory, SampleManifest manifest) {
        this.memory = memory;
        this.manifest = manifest;
        this.profile = Profiles.byId(manifest.profileId());
        this.kernel = AddressSpace.of(memory, manifest.mode(), manifest.systemDtb());
        this.ptr = profile.pointerSize();
    }

    AddressSpace space(Pa dtb) {
        return kernel.withRoot(dtb);
    }

    byte[] read(AddressSpace space, long va, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        ReadResult result = space.read(Va.of(va), b);
        if (!result.isComplete()) {
            throw new IllegalStateException("unmapped bytes at 0x" + Long.toHexString(va) + " under " + space.root());
        }
        return b.array();
    }

    byte[] read(long va, int length) {
        return read(kernel, va, length);
    }

    long get(AddressSpace space, long va, int size) {
        ByteBuffer b = ByteBuffer.wrap(read(space, va, size)).order(ByteOrder.LITTLE_ENDIAN);
        return switch (size) {
            case 1 -> b.get() & 0xFF;
            case 2 -> b.getShort() & 0xFFFF;
            case 4 -> b.getInt() & 0xFFFF_FFFFL;
            case 8 -> b.getLong();
            default -> throw new IllegalArgumentException("size " + size);
        };
    }

    long u8(long va) {
        return get(kernel, va, 1);
    }

    long u16(long va) {
        return get(kernel, va, 2);
    }

    long u32(long va) {
        return get(kernel, va, 4);
    }

    long u64(long va) {
        return get(kernel, va, 8);
    }

    long pointer(AddressSpace space, long va) {
        return get(space, va, ptr);
    }

    long pointer(long va) {
        return pointer(kernel, va);
    }

    long field(long base, String struct, String field, int size) {
        return get(kernel, base + profile.offset(struct, field), size);
    }

    long pointerField(long base, String struct, String field) {
        return pointer(base + profile.offset(struct, field));
    }

    long bits(AddressSpace space, long base, String struct, String field) {
        BitField bf = profile.bitField(struct, field);
        return bf.extract(get(space, base + bf.offset(), bf.unitSize()));
    }

    long bits(long base, String struct, String field) {
        return bits(kernel, base, struct, field);
    }

    /** A UNICODE_STRING's text at {@code at}, read with pointers of {@code pointerSize}. */
    String unicode(AddressSpace space, long at, int pointerSize, WindowsProfile layout) {
        int length = (int) get(space, at + layout.offset("_UNICODE_STRING", "Length"), 2);
        long buffer = get(space, at + layout.offset("_UNICODE_STRING", "Buffer"), pointerSize);
        return length == 0 ? "" : new String(read(space, buffer, length), StandardCharsets.UTF_16LE);
    }

    String unicode(AddressSpace space, long at) {
        return unicode(space, at, ptr, profile);
    }

    String unicode(long at) {
        return unicode(kernel, at);
    }

    /**
     * The entries of the list whose head is at {@code head}: the addresses of the LIST_ENTRYs, in
     * Flink order, checking each Blink, bounded.
     */
    List<Long> walk(AddressSpace space, long head, int pointerSize, int limit) {
        List<Long> out = new ArrayList<>();
        Set<Long> seen = new LinkedHashSet<>();
        long previous = head;
        long at = get(space, head, pointerSize);
        while (at != head) {
            if (!seen.add(at) || out.size() > limit) {
                throw new IllegalStateException("the list at 0x" + Long.toHexString(head) + " loops or is too long");
            }
            long blink = get(space, at + pointerSize, pointerSize);
            if (blink != previous) {
                throw new IllegalStateException("Blink of 0x" + Long.toHexString(at) + " is 0x" + Long.toHexString(blink)
                        + ", not 0x" + Long.toHexString(previous));
            }
            out.add(at);
            previous = at;
            at = get(space, at, pointerSize);
        }
        if (get(space, head + pointerSize, pointerSize) != previous) {
            throw new IllegalStateException("the head's Blink is not the last entry");
        }
        return out;
    }

    List<Long> walk(long head) {
        return walk(kernel, head, ptr, 100_000);
    }

    /** The pool tag of the block whose body (after the pool header) starts at {@code body}. */
    String poolTag(long blockBody) {
        int header = profile.structSize("_POOL_HEADER");
        long tag = field(blockBody - header, "_POOL_HEADER", "PoolTag", 4);
        byte[] b = {(byte) tag, (byte) (tag >>> 8), (byte) (tag >>> 16), (byte) (tag >>> 24)};
        return new String(b, StandardCharsets.US_ASCII);
    }

    Translation translate(AddressSpace space, long va) {
        return space.translate(Va.of(va));
    }

    boolean mapped(AddressSpace space, long va) {
        return space.translate(Va.of(va)).isMapped();
    }

    long userEnd() {
        return profile.is64Bit() ? 0x0000_7FFF_FFFF_FFFFL : 0x7FFF_FFFFL;
    }
}
