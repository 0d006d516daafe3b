package org.memvfs.vfs.fuzz;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.memvfs.mmu.Buffers;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;

/**
 * A sample image's physical memory held as its non-zero 4 KiB frames, with changed frames laid
 * over them and the memory cut short where a truncation says: a corrupted image made in memory,
 * so that hundreds can be opened without writing hundreds of 256 MiB files. Read-only, as an
 * image opened without {@code --read-write} is.
 */
final class FuzzedMemory implements PhysicalMemory {
    static final int PAGE = 4096;

    private final String name;
    private final NavigableMap<Long, byte[]> frames;
    private final NavigableMap<Long, byte[]> changed = new TreeMap<>();
    private final long fullSize;
    private long size;

    /**
     * @param frames the unchanged image's frames that are not all zero, by frame number; shared, never written
     * @param size   the unchanged image's size in bytes
     */
    FuzzedMemory(String name, NavigableMap<Long, byte[]> frames, long size) {
        this.name = name;
        this.frames = frames;
        this.fullSize = size;
        this.size = size;
    }

    /** Overwrites bytes at {@code pa} (before the image is opened), copying the frames it touches. */
    void put(Pa pa, byte[] bytes) {
        for (int done = 0; done < bytes.length; ) {
            long at = pa.value() + done;
            int inPage = (int) (at % PAGE);
            int chunk = Math.min(bytes.length - done, PAGE - inPage);
            System.arraycopy(bytes, done, frameForWriting(at / PAGE), inPage, chunk);
            done += chunk;
        }
    }

    /** {@code length} bytes at {@code pa} as they are now (zeros past the end). */
    byte[] get(Pa pa, int length) {
        byte[] out = new byte[length];
        read(pa, ByteBuffer.wrap(out));
        return out;
    }

    /** Cuts the image to {@code newSize} bytes, as a copy that stopped early would be. */
    void truncate(long newSize) {
        size = Math.max(0, Math.min(newSize, fullSize));
    }

    private byte[] frameForWriting(long frame) {
        return changed.computeIfAbsent(frame, f -> {
            byte[] original = frames.get(f);
            return original == null ? new byte[PAGE] : original.clone();
        });
    }

    /** The frames changed so far, for writing the image out. */
    NavigableMap<Long, byte[]> changedFrames() {
        return changed;
    }

    /** The frame as it reads now: changed, original, or null for a zero frame. */
    byte[] frame(long frame) {
        byte[] bytes = changed.get(frame);
        return bytes != null ? bytes : frames.get(frame);
    }

    @Override
    public String format() {
        return "fuzzed";
    }

    @Override
    public String description() {
        return name + " (" + size + " bytes, " + changed.size() + " frames changed)";
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public List<PhysicalRange> ranges() {
        return size == 0 ? List.of() : List.of(new PhysicalRange(new Pa(0), size));
    }

    @Override
    public ReadResult read(Pa pa, ByteBuffer dst) {
        int total = dst.remaining();
        ReadResult.Builder absent = new ReadResult.Builder();
        long at = pa.value();
        for (int done = 0; done < total; ) {
            long here = at + done;
            int inPage = (int) Math.floorMod(here, (long) PAGE);
            int chunk = Math.min(total - done, PAGE - inPage);
            if (here < 0 || here >= size) {
                Buffers.zeroFill(dst, chunk);
                absent.absent(done, done + chunk);
            } else {
                int inImage = (int) Math.min(chunk, size - here);
                byte[] frame = frame(here / PAGE);
                if (frame == null) {
                    Buffers.zeroFill(dst, inImage);
                } else {
                    dst.put(frame, inPage, inImage);
                }
                if (inImage < chunk) {
                    Buffers.zeroFill(dst, chunk - inImage);
                    absent.absent(done + inImage, done + chunk);
                }
            }
            done += chunk;
        }
        return absent.build(total);
    }

    @Override
    public void close() {
    }
}
