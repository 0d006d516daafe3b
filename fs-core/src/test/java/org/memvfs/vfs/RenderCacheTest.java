package org.memvfs.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.memvfs.mmu.MemoryCaches;

class RenderCacheTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFileIsRenderedOnceUntilTheCachesAreDropped() {
        MemoryCaches caches = new MemoryCaches();
        RenderCache cache = new RenderCache(caches, 1 << 20);
        int[] renders = {0};
        assertThat(cache.get("a", () -> bytes("one " + ++renders[0]))).isEqualTo(bytes("one 1"));
        assertThat(cache.get("a", () -> bytes("one " + ++renders[0]))).isEqualTo(bytes("one 1"));
        caches.invalidateAll();
        assertThat(cache.get("a", () -> bytes("one " + ++renders[0]))).isEqualTo(bytes("one 2"));
    }

    /** Live memory: text rendered from memory read before a refresh is never served after it, even if cached after it. */
    @Test
    void aRenderingThatARefreshOvertakesIsNotServedAfterTheRefresh() {
        MemoryCaches caches = new MemoryCaches();
        RenderCache cache = new RenderCache(caches, 1 << 20);
        assertThat(cache.get("proc.txt", () -> {
            byte[] before = bytes("read before the refresh");
            caches.invalidateAll();
            return before;
        })).isEqualTo(bytes("read before the refresh"));
        assertThat(cache.get("proc.txt", () -> bytes("read after it"))).isEqualTo(bytes("read after it"));
    }
}
