package org.memvfs.vfs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A file whose content is known when it is made: short values such as {@code pid.txt}. */
final class BytesFile extends FileNode {
    private final byte[] content;

    BytesFile(byte[] content) {
        this.content = content;
    }

    /** A one-line text file: {@code text} and a newline. */
    static BytesFile line(String text) {
        return new BytesFile((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    long size() {
        return content.length;
    }

    @Override
    int read(long offset, ByteBuffer dst) {
        return readFrom(content, offset, dst);
    }
}
