package org.memvfs.vfs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code conf/refresh.txt} of a live tree: the refresh periods and when each refresh last ran,
 * rendered on every read; a write changes the periods or refreshes now (see {@link Refresher#apply}).
 */
final class RefreshFile extends FileNode {
    private final Refresher refresher;

    RefreshFile(Refresher refresher) {
        this.refresher = refresher;
    }

    private byte[] content() {
        return refresher.text().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    long size() {
        return content().length;
    }

    @Override
    int read(long offset, ByteBuffer dst) {
        return readFrom(content(), offset, dst);
    }

    @Override
    boolean isWritable() {
        return true;
    }

    @Override
    int write(long offset, ByteBuffer src, String path) {
        if (offset != 0) {
            throw new VfsException(VfsException.Kind.INVALID_ARGUMENT, path, "write the settings at once, from the start "
                    + "(echo memory-ms=200 > refresh.txt)");
        }
        int n = src.remaining();
        byte[] bytes = new byte[n];
        src.get(bytes);
        try {
            refresher.apply(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new VfsException(VfsException.Kind.INVALID_ARGUMENT, path, e.getMessage());
        }
        return n;
    }

    /** Opening with O_TRUNC truncates first: accepted and ignored, the settings are not text that is kept. */
    @Override
    void truncate(long length, String path) {
        // nothing to cut: what is shown is rendered from the settings
    }
}
