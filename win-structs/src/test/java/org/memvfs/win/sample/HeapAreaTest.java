package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.memvfs.win.profile.Profiles;

class HeapAreaTest {
    @Test
    void blocksAreAlignedAfterTheSegmentHeaderAndBounded() {
        BuildContext ctx = new BuildContext(Profiles.byId("win10-19041-x64"));
        long root = ctx.tables.createProcessRoot();
        long heap = 0x0000_01F3_7A62_0000L;
        ctx.tables.map(root, heap, ctx.frames.allocate(), PageAccess.USER_DATA);
        VirtualMemory memory = ctx.userMemory(root);
        HeapArea area = new HeapArea(memory, heap, 0x1000);
        assertThat(memory.get(heap + 0x10, 4)).isEqualTo(HeapArea.SEGMENT_SIGNATURE & 0xFFFF_FFFFL);
        long a = area.allocate(3);
        long b = area.store(new byte[] {1, 2});
        assertThat(a % 16).isZero();
        assertThat(b).isEqualTo(a + 16);
        assertThat(memory.get(b, 2)).isEqualTo(0x0201);
        assertThatThrownBy(() -> area.allocate(0x1000)).isInstanceOf(IllegalStateException.class);
    }
}
