package org.memvfs.mount;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import org.memvfs.vfs.Vfs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memvfs cat IMAGE PATH}: a file of the tree on standard output, without mounting. */
@Command(name = "cat", mixinStandardHelpOptions = true,
        description = {"Write a file of the memvfs tree of an image to standard output, byte for byte as a mount would "
                + "give it: for scripts and machines without FUSE."})
final class CatCommand implements Callable<Integer> {
    private static final int CHUNK = 1 << 20;

    @Mixin
    KernelArguments kernel;

    @Parameters(index = "1", paramLabel = "PATH", description = "A file in the tree, e.g. pid/4/name.txt.")
    String path;

    @Option(names = "--offset", paramLabel = "N", description = "Start at this byte (default 0).")
    long offset;

    @Option(names = "--length", paramLabel = "N", description = "Write at most this many bytes (default: to the end).")
    long length = Long.MAX_VALUE;

    /** Where bytes go; a field so that tests can catch them. */
    static OutputStream output = System.out;

    @Override
    public Integer call() throws IOException {
        try (KernelLoader.Session session = KernelLoader.open(kernel.request(false), null)) {
            Vfs vfs = session.vfs();
            long end = Math.min(vfs.stat(path).size(), offset + length < 0 ? Long.MAX_VALUE : offset + length);
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            for (long at = offset; at < end; ) {
                buffer.clear().limit((int) Math.min(CHUNK, end - at));
                int n = vfs.read(path, at, buffer);
                if (n <= 0) {
                    break;
                }
                output.write(buffer.array(), 0, n);
                at += n;
            }
            output.flush();
        }
        return 0;
    }
}
