package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;

/** Pool blocks chain from each page's first byte to its last, by BlockSize, as pool scanners expect. */
class KernelPoolTest {
    @ParameterizedTest
    @ValueSource(strings = {"win10-19041-x64", "win7-7601-x86-pae"})
    void blocksChainThroughEachPageAndCarryTheirTags(String id) {
        WindowsProfile profile = Profiles.byId(id);
        BuildContext ctx = new BuildContext(profile);
        KernelPool pool = new KernelPool(profile, ctx.tables, ctx.frames, ctx.kernel, ctx.layout.nonPagedPool(), ctx.layout.pagedPool());
        int unit = pool.headerSize();
        long first = pool.allocate("Proc", 0x700, KernelPool.Kind.NON_PAGED);
        long second = pool.allocate("Thre", 0x500, KernelPool.Kind.NON_PAGED);
        long third = pool.allocate("File", 0x900, KernelPool.Kind.NON_PAGED);
        long big = pool.allocateBig(0x1800, KernelPool.Kind.NON_PAGED);
        pool.close();
        assertThat(big % PhysicalPages.PAGE).isZero();
        long page = (first - unit) & -PhysicalPages.PAGE;
        assertThat(first - unit).isEqualTo(page);
        long at = page;
        int previous = 0;
        List<String> tags = new java.util.ArrayList<>();
        while (at < page + PhysicalPages.PAGE) {
            StructReader h = new StructReader(profile, ctx.kernel, at);
            assertThat(h.bits("PreviousSize")).isEqualTo(previous);
            int blockSize = (int) h.bits("BlockSize");
            assertThat(blockSize).isPositive();
            long type = h.bits("PoolType");
            tags.add(type == 0 ? "free" : tagText(ctx.kernel.get(at + profile.offset("_POOL_HEADER", "PoolTag"), 4)));
            assertThat(type).isIn(0L, (long) KernelPool.Kind.NON_PAGED.headerPoolType);
            previous = blockSize;
            at += (long) blockSize * unit;
        }
        assertThat(at).isEqualTo(page + PhysicalPages.PAGE);
        assertThat(tags).startsWith("Proc", "Thre").contains("free");
        assertThat(second).isEqualTo(first + 0x700 + unit);
        assertThat(third).isNotEqualTo(0);
    }

    private static String tagText(long tag) {
        return new String(new byte[] {(byte) tag, (byte) (tag >>> 8), (byte) (tag >>> 16), (byte) (tag >>> 24)},
                java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Reads pool-header bitfields through the builder's memory. */
    private record StructReader(WindowsProfile profile, VirtualMemory memory, long at) {
        long bits(String field) {
            var bf = profile.bitField("_POOL_HEADER", field);
            return bf.extract(memory.get(at + bf.offset(), bf.unitSize()));
        }
    }
}
