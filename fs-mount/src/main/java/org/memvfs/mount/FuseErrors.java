package org.memvfs.mount;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import jnr.constants.platform.Errno;
import org.memvfs.mmu.MemoryException;
import org.memvfs.vfs.VfsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become errno values. Every FUSE callback runs through
 * {@link #call}: jnr-fuse would otherwise turn an exception in {@code read} into an empty file
 * without a word. Expected refusals (no such file, read-only) are not logged; anything else is
 * EIO, logged once per operation, path and message so a failing file does not flood the log.
 */
final class FuseErrors {
    private static final Logger LOG = LoggerFactory.getLogger(FuseErrors.class);
    private static final int MAX_REMEMBERED = 10_000;

    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /** Runs {@code body} and returns its result, or a negative errno for what it threw. */
    int call(String operation, String path, IntSupplier body) {
        try {
            return body.getAsInt();
        } catch (VfsException e) {
            return -errno(e.kind()).intValue();
        } catch (MemoryException e) {
            logOnce(operation, path, e, false);
            return -Errno.EIO.intValue();
        } catch (RuntimeException | Error e) {
            logOnce(operation, path, e, true);
            return -Errno.EIO.intValue();
        }
    }

    static Errno errno(VfsException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> Errno.ENOENT;
            case NOT_A_DIRECTORY -> Errno.ENOTDIR;
            case IS_A_DIRECTORY -> Errno.EISDIR;
            case READ_ONLY -> Errno.EACCES;
            case INVALID_ARGUMENT -> Errno.EINVAL;
        };
    }

    private void logOnce(String operation, String path, Throwable e, boolean unexpected) {
        String key = operation + " " + path + " " + e;
        if (logged.size() < MAX_REMEMBERED && logged.add(key)) {
            if (unexpected) {
                LOG.error("{} {}: unexpected failure, answered EIO", operation, path, e);
            } else {
                LOG.warn("{} {}: {} (answered EIO)", operation, path, e.getMessage());
            }
        }
    }
}
