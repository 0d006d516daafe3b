package org.memvfs.mmu.image;

import java.util.List;

/**
 * Where the RAM of QEMU's {@code pc} machine (i440fx) lies in guest-physical memory, for a RAM
 * file of a given size. QEMU keeps all RAM below 4 GiB while it is smaller than the machine's
 * {@code max-ram-below-4g} (3.5 GiB by default); from 3.5 GiB on it keeps the first 3 GiB low (the
 * machine aligns the split to a gigabyte) and maps the rest of the file from 4 GiB up, leaving the
 * PCI hole between. The test checks this against QEMU's own {@code info mtree}. The {@code q35}
 * machine splits elsewhere (at 2 GiB from 2.75 GiB of RAM) and is not described here.
 */
final class PcRamLayout {
    /** QEMU's default {@code max-ram-below-4g}: RAM of this size or more is split. */
    static final long SPLIT_FROM = 0xE000_0000L;
    /** The RAM below 4 GiB once it is split. */
    static final long LOW_WHEN_SPLIT = 0xC000_0000L;
    /** Where the rest of the RAM starts once it is split. */
    static final long HIGH_START = 1L << 32;

    private PcRamLayout() {
    }

    /** The physical ranges of a RAM file of {@code fileSize} bytes, each at its file offset. */
    static List<Segment> segments(long fileSize) {
        if (fileSize < SPLIT_FROM) {
            return List.of(new Segment(0, fileSize, 0, 0));
        }
        return List.of(new Segment(0, LOW_WHEN_SPLIT, 0, 0),
                new Segment(HIGH_START, fileSize - LOW_WHEN_SPLIT, LOW_WHEN_SPLIT, 0));
    }
}
