package org.memvfs.vfs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A text file rendered when first read (or sized), then served from the render cache. For text
 * whose size cannot be known without rendering it; tables use {@link FixedWidthFile}.
 */
final class TextFile extends FileNode {
    private final RenderCache cache;
    private final String key;
    private final Supplier<String> render;

    TextFile(RenderCache cache, String key, Supplier<String> render) {
        this.cache = cache;
        this.key = key;
        this.render = render;
    }

    private byte[] content() {
        return cache.get(key, () -> render.get().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    long size() {
        return content().length;
    }

    @Override
    int read(long offset, ByteBuffer dst) {
        return readFrom(content(), offset, dst);
    }
}
