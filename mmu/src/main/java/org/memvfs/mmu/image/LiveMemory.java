package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.util.List;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;

/**
 * The RAM of a running QEMU guest, shared with the host through
 * {@code -object memory-backend-file,mem-path=FILE,share=on -machine memory-backend=…}: the file
 * is the guest's RAM itself, laid out as {@link PcRamLayout} says. It is read through a shared
 * mapping of the file ({@link MappedFileBytes}: {@code FileChannel.map} maps READ_ONLY and
 * READ_WRITE with {@code MAP_SHARED}), so every read sees the guest's bytes of that instant and
 * nothing is ever copied. What is read through it must not be kept: callers cache only in
 * {@link org.memvfs.mmu.MemoryCaches}, which live mounts empty on a schedule ({@link #isLive()}).
 */
final class LiveMemory implements PhysicalMemory {
    private final SegmentedMemory ram;

    private LiveMemory(SegmentedMemory ram) {
        this.ram = ram;
    }

    /**
     * @throws ImageFormatException when the file is empty, or not on the local file system (it
     *                              could not be mapped shared then)
     */
    static LiveMemory open(FileBytes file) {
        if (!(file instanceof MappedFileBytes)) {
            throw new ImageFormatException("live memory is read through a shared mapping, and this file is not on the "
                    + "local file system", file.path(), 0);
        }
        if (file.size() == 0) {
            throw new ImageFormatException("the guest's RAM file is empty: is the guest started "
                    + "(-object memory-backend-file,…,share=on)?", file.path(), 0);
        }
        List<Segment> segments = PcRamLayout.segments(file.size());
        StringBuilder layout = new StringBuilder();
        for (Segment s : segments) {
            layout.append(layout.length() == 0 ? "" : ", ").append(Hex.of(s.pa())).append('-').append(Hex.of(s.paEnd()))
                    .append(" at file offset ").append(Hex.of(s.fileOffset()));
        }
        String description = "live RAM of a QEMU pc guest in " + file.path() + " (" + Hex.of(file.size())
                + " bytes, mapped shared" + (file.isWritable() ? ", writable" : "") + "): guest-physical " + layout;
        return new LiveMemory(new SegmentedMemory(ImageFormat.LIVE.id(), description, file, segments, List.of()));
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public String format() {
        return ram.format();
    }

    @Override
    public String description() {
        return ram.description();
    }

    @Override
    public long size() {
        return ram.size();
    }

    @Override
    public List<PhysicalRange> ranges() {
        return ram.ranges();
    }

    @Override
    public boolean isPresent(Pa pa) {
        return ram.isPresent(pa);
    }

    @Override
    public ReadResult read(Pa pa, ByteBuffer dst) {
        return ram.read(pa, dst);
    }

    @Override
    public long readLong(Pa pa) {
        return ram.readLong(pa);
    }

    @Override
    public boolean isWritable() {
        return ram.isWritable();
    }

    @Override
    public void write(Pa pa, ByteBuffer src) {
        ram.write(pa, src);
    }

    @Override
    public void close() {
        ram.close();
    }

    @Override
    public String toString() {
        return ram.description();
    }
}
