package org.memvfs.mmu;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * The physical memory of an imaged machine: the ranges the image holds and reads of any of its
 * bytes. Implementations are safe for concurrent reads.
 */
public interface PhysicalMemory extends AutoCloseable {

    /** A short name of the source's format, such as {@code raw} or {@code elf-core}. */
    String format();

    /** Where the memory comes from, for people: a file path and what was found in it. */
    String description();

    /** One past the highest physical address the image holds. */
    long size();

    /** The ranges the image holds, ascending and disjoint. Everything else is a hole. */
    List<PhysicalRange> ranges();

    /** Whether the image holds the byte at {@code pa}. */
    default boolean isPresent(Pa pa) {
        for (PhysicalRange range : ranges()) {
            if (range.contains(pa)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fills {@code dst} from its position to its limit with the bytes starting at {@code pa} and
     * advances its position. Bytes in holes are written as zeros and reported absent.
     */
    ReadResult read(Pa pa, ByteBuffer dst);

    /**
     * The little-endian 8-byte value at {@code pa}, as page-table walks read entries.
     *
     * @throws PhysicalAddressException when any of the 8 bytes is absent
     */
    default long readLong(Pa pa) {
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES);
        ReadResult result = read(pa, buffer);
        if (!result.isComplete()) {
            throw new PhysicalAddressException("8 bytes outside the image's memory", MemoryException.Context.NONE.withPa(pa));
        }
        return buffer.order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /** Whether {@link #write} can change the source. */
    default boolean isWritable() {
        return false;
    }

    /**
     * Writes {@code src} from its position to its limit at {@code pa} and advances its position.
     *
     * @throws ReadOnlyMemoryException when the memory was not opened for writing
     * @throws PhysicalAddressException when a byte falls in a hole
     */
    default void write(Pa pa, ByteBuffer src) {
        throw new ReadOnlyMemoryException("memory is read-only: " + description(), MemoryException.Context.NONE.withPa(pa));
    }

    /**
     * Whether the bytes change while they are read: the RAM of a running virtual machine. Caches
     * over live memory must be dropped on a schedule; over a static image they never need to be.
     */
    default boolean isLive() {
        return false;
    }

    /** The CPU registers the image's headers recorded, in CPU order; empty when there are none. */
    default List<CpuState> cpus() {
        return List.of();
    }

    /**
     * What the image's header says about the imaged system (a crash dump's DTB and list heads …);
     * empty when the format records nothing of the kind.
     */
    default Optional<DumpHints> hints() {
        return Optional.empty();
    }

    @Override
    void close();
}
