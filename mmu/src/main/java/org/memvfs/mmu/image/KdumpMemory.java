package org.memvfs.mmu.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.memvfs.mmu.Buffers;
import org.memvfs.mmu.CpuState;
import org.memvfs.mmu.DumpHints;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.ImageFormatException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.PhysicalRange;
import org.memvfs.mmu.ReadResult;

/**
 * The physical memory of a kdump-compressed dump: a page is present when its bit in the 2nd
 * ("dumpable") bitmap is set; its descriptor is the rank-th of the descriptor table (offset, size,
 * flags, page flags: 24 bytes), and its data is stored raw or zlib-compressed. Reads decompress
 * the pages they touch; each thread keeps the last page it decompressed, so that small reads
 * walking one page (page tables, structures) inflate it once.
 */
final class KdumpMemory implements PhysicalMemory {
    static final int DESCRIPTOR_BYTES = 24;
    static final int COMPRESSED_ZLIB = 0x1;
    static final int COMPRESSED_LZO = 0x2;
    static final int COMPRESSED_SNAPPY = 0x4;
    static final int COMPRESSED_ZSTD = 0x20;

    private final String description;
    private final FileBytes file;
    private final int pageSize;
    private final int pageShift;
    private final PageBitmap dumped;
    private final long descriptors;
    private final List<PhysicalRange> ranges;
    private final List<CpuState> cpus;
    private final DumpHints hints;
    private final ThreadLocal<LastPage> lastPage;
    private final ByteOrder order;

    /** One decompressed page and the tools to make the next, per thread. */
    private final class LastPage {
        long pfn = -1;
        final byte[] data = new byte[pageSize];
        final ByteBuffer compressed = ByteBuffer.allocate(pageSize);
        final ByteBuffer descriptor = ByteBuffer.allocate(DESCRIPTOR_BYTES).order(order);
        final Inflater inflater = new Inflater();
    }

    /**
     * @param dumped      the 2nd bitmap: bit n set when page n is in the dump
     * @param descriptors file offset of the first page descriptor
     * @param order       the dumped machine's byte order, which the descriptors are in
     */
    KdumpMemory(String description, FileBytes file, int pageSize, PageBitmap dumped, long descriptors, ByteOrder order,
            List<CpuState> cpus, DumpHints hints) {
        this.description = description;
        this.order = order;
        this.file = file;
        this.pageSize = pageSize;
        this.pageShift = Integer.numberOfTrailingZeros(pageSize);
        this.dumped = dumped;
        this.descriptors = descriptors;
        this.cpus = List.copyOf(cpus);
        this.hints = hints;
        List<PhysicalRange> runs = new ArrayList<>();
        dumped.forEachRun((first, end) -> runs.add(new PhysicalRange(new Pa(first << pageShift), (end - first) << pageShift)));
        this.ranges = Collections.unmodifiableList(runs);
        this.lastPage = ThreadLocal.withInitial(LastPage::new);
    }

    @Override
    public String format() {
        return "kdump";
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public long size() {
        return ranges.isEmpty() ? 0 : ranges.get(ranges.size() - 1).end().value();
    }

    @Override
    public List<PhysicalRange> ranges() {
        return ranges;
    }

    @Override
    public boolean isPresent(Pa pa) {
        return pa.value() >= 0 && dumped.isSet(pa.value() >>> pageShift);
    }

    @Override
    public ReadResult read(Pa pa, ByteBuffer dst) {
        int total = dst.remaining();
        long address = pa.value();
        ReadResult.Builder absent = new ReadResult.Builder();
        int done = 0;
        while (done < total) {
            int left = total - done;
            long pfn = address >>> pageShift;
            if (address < 0 || !dumped.isSet(pfn)) {
                // skip the whole run of pages the dump lacks in one step; past the bitmap, everything is absent
                long next = address < 0 || pfn >= dumped.bits() ? dumped.bits() : dumped.nextSet(pfn);
                int n = next >= dumped.bits() ? left : (int) Math.min(left, (next << pageShift) - address);
                Buffers.zeroFill(dst, n);
                absent.absent(done, done + n);
                done += n;
                address += n;
                continue;
            }
            int within = (int) (address & (pageSize - 1));
            int n = Math.min(left, pageSize - within);
            byte[] page = page(pfn);
            if (page == null) {
                Buffers.zeroFill(dst, n);
                absent.absent(done, done + n);
            } else {
                dst.put(page, within, n);
            }
            done += n;
            address += n;
        }
        return absent.build(total);
    }

    @Override
    public long readLong(Pa pa) {
        long address = pa.value();
        int within = (int) (address & (pageSize - 1));
        if (address >= 0 && within <= pageSize - Long.BYTES && dumped.isSet(address >>> pageShift)) {
            byte[] page = page(address >>> pageShift);
            if (page != null) {
                return ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).getLong(within);
            }
        }
        return PhysicalMemory.super.readLong(pa);
    }

    /** The bytes of dumped page {@code pfn}, or null when its descriptor says it was never written. */
    private byte[] page(long pfn) {
        LastPage last = lastPage.get();
        if (last.pfn == pfn) {
            return last.data;
        }
        last.pfn = -1;
        long descriptorAt = descriptors + dumped.rank(pfn) * DESCRIPTOR_BYTES;
        last.descriptor.clear();
        file.read(descriptorAt, last.descriptor);
        long offset = last.descriptor.getLong(0);
        long size = Integer.toUnsignedLong(last.descriptor.getInt(8));
        int flags = last.descriptor.getInt(12);
        if (size == 0) {
            // an incomplete dump leaves the descriptors of pages it did not reach empty
            return null;
        }
        if (size > pageSize || offset < 0 || offset > file.size() - size) {
            throw new ImageFormatException(where(pfn, descriptorAt) + ": its data of " + size + " bytes at " + Hex.of(offset)
                    + " does not fit a " + pageSize + "-byte page inside the file (" + Hex.of(file.size())
                    + " bytes): the dump is truncated or corrupt", file.path(), descriptorAt);
        }
        int unsupported = flags & (COMPRESSED_LZO | COMPRESSED_SNAPPY | COMPRESSED_ZSTD);
        if (unsupported != 0) {
            throw new ImageFormatException(where(pfn, descriptorAt) + " is compressed with " + compressionName(unsupported) + " (flags "
                    + Hex.of(Integer.toUnsignedLong(flags)) + "), which memvfs does not read: only zlib and raw pages",
                    file.path(), descriptorAt + 12);
        }
        if ((flags & COMPRESSED_ZLIB) == 0) {
            if (size != pageSize) {
                throw new ImageFormatException(where(pfn, descriptorAt) + " is stored raw but its size is " + size + ", not " + pageSize,
                        file.path(), descriptorAt + 8);
            }
            file.read(offset, ByteBuffer.wrap(last.data));
        } else {
            last.compressed.clear().limit((int) size);
            file.read(offset, last.compressed);
            inflate(last, (int) size, pfn, descriptorAt);
        }
        last.pfn = pfn;
        return last.data;
    }

    private void inflate(LastPage last, int size, long pfn, long descriptorAt) {
        Inflater inflater = last.inflater;
        inflater.reset();
        inflater.setInput(last.compressed.array(), 0, size);
        try {
            int n = 0;
            while (n < pageSize && !inflater.finished()) {
                int got = inflater.inflate(last.data, n, pageSize - n);
                if (got == 0) {
                    // out of input, or a dictionary is wanted: either way no more bytes come
                    break;
                }
                n += got;
            }
            if (n != pageSize || !inflater.finished()) {
                throw new ImageFormatException(where(pfn, descriptorAt) + ": its zlib data gives " + n + " bytes"
                        + (inflater.finished() ? "" : " and does not end") + ", not one " + pageSize + "-byte page",
                        file.path(), descriptorAt);
            }
        } catch (DataFormatException e) {
            throw new ImageFormatException(where(pfn, descriptorAt) + ": its zlib data is corrupt (" + e.getMessage() + ")", file.path(),
                    descriptorAt);
        }
    }

    private String where(long pfn, long descriptorAt) {
        return "page " + Hex.of(pfn << pageShift) + " (descriptor at " + Hex.of(descriptorAt) + ")";
    }

    static String compressionName(int flags) {
        List<String> names = new ArrayList<>();
        if ((flags & COMPRESSED_ZLIB) != 0) {
            names.add("zlib");
        }
        if ((flags & COMPRESSED_LZO) != 0) {
            names.add("lzo");
        }
        if ((flags & COMPRESSED_SNAPPY) != 0) {
            names.add("snappy");
        }
        if ((flags & COMPRESSED_ZSTD) != 0) {
            names.add("zstd");
        }
        return names.isEmpty() ? "none" : String.join("+", names);
    }

    @Override
    public List<CpuState> cpus() {
        return cpus;
    }

    @Override
    public Optional<DumpHints> hints() {
        return Optional.ofNullable(hints);
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
