package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.memvfs.mmu.guest.SharedRamQemu;

class PcRamLayoutTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    /** {@code info mtree}: {@code START-END (prio 0, ram): alias ram-below-4g @mem0 FROM-TO}. */
    private static final Pattern ALIAS = Pattern.compile(
            "([0-9a-f]{16})-([0-9a-f]{16}) \\(prio \\d+, ram\\): alias ram-(?:below|above)-4g @mem0 ([0-9a-f]{16})-[0-9a-f]{16}");

    @Test
    void ramBelowThreeAndAHalfGibibytesIsAllLowAndFileOffsetIsThePhysicalAddress() {
        for (long size : new long[] {512 * MIB, 3 * GIB, 3 * GIB + 256 * MIB, PcRamLayout.SPLIT_FROM - MIB}) {
            assertThat(PcRamLayout.segments(size)).as("%x", size).containsExactly(new Segment(0, size, 0, 0));
        }
    }

    @Test
    void fromThreeAndAHalfGibibytesTheFirstThreeStayLowAndTheRestStartsAtFour() {
        assertThat(PcRamLayout.segments(5 * GIB)).containsExactly(new Segment(0, 3 * GIB, 0, 0),
                new Segment(4 * GIB, 2 * GIB, 3 * GIB, 0));
        assertThat(PcRamLayout.segments(PcRamLayout.SPLIT_FROM)).containsExactly(new Segment(0, 3 * GIB, 0, 0),
                new Segment(4 * GIB, GIB / 2, 3 * GIB, 0));
    }

    /** QEMU's own memory tree of a pc machine (started stopped, nothing booted) for sizes on each side of the split. */
    @Test
    void qemuMapsTheRamFileWhereTheLayoutSays() {
        for (String memory : List.of("512M", "3328M", "3584M", "5G")) {
            long size = memory.endsWith("G") ? Long.parseLong(memory.replace("G", "")) * GIB
                    : Long.parseLong(memory.replace("M", "")) * MIB;
            try (SharedRamQemu qemu = SharedRamQemu.start(memory, List.of("-S"))) {
                String tree = qemu.qmp().hmp("info mtree");
                List<Segment> seen = new ArrayList<>();
                Matcher m = ALIAS.matcher(tree);
                while (m.find()) {
                    long start = Long.parseUnsignedLong(m.group(1), 16);
                    Segment segment = new Segment(start, Long.parseUnsignedLong(m.group(2), 16) + 1 - start,
                            Long.parseUnsignedLong(m.group(3), 16), 0);
                    if (!seen.contains(segment)) { // the tree shows the system address space in several views
                        seen.add(segment);
                    }
                }
                assertThat(seen).as("QEMU with -m %s:%n%s", memory, tree).containsExactlyElementsOf(PcRamLayout.segments(size));
            }
        }
    }
}
