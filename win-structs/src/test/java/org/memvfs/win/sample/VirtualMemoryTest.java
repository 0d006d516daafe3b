package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.memvfs.win.profile.Profiles;

class VirtualMemoryTest {
    @Test
    void writesSpanPagesMappedToUnrelatedFrames() {
        BuildContext ctx = new BuildContext(Profiles.byId("win10-19041-x64"));
        long va = 0xFFFF_B885_0E80_0000L;
        long first = ctx.frames.allocate();
        long second = ctx.frames.allocate();
        ctx.tables.map(ctx.tables.systemRoot(), va, first, PageAccess.KERNEL_DATA);
        ctx.tables.map(ctx.tables.systemRoot(), va + 0x1000, second, PageAccess.KERNEL_DATA);
        ctx.kernel.put(va + 0xFFC, 0x1122_3344_5566_7788L, 8);
        assertThat(ctx.kernel.get(va + 0xFFC, 8)).isEqualTo(0x1122_3344_5566_7788L);
        assertThat(ctx.memory.read(first + 0xFFC, 4)).containsExactly(0x88, 0x77, 0x66, 0x55);
        assertThat(ctx.memory.read(second, 4)).containsExactly(0x44, 0x33, 0x22, 0x11);
        assertThat(ctx.kernel.withPointerSize(4).pointerSize()).isEqualTo(4);
        assertThatThrownBy(() -> ctx.kernel.put(va + 0x2000, 1, 1)).isInstanceOf(IllegalStateException.class);
    }
}
