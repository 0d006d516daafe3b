package org.memvfs.mount;

import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import jnr.constants.platform.Errno;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import org.memvfs.vfs.DirectoryEntry;
import org.memvfs.vfs.FileAttributes;
import org.memvfs.vfs.Vfs;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.FuseOperations;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The FUSE callbacks, each a thin translation to a {@link Vfs} call through {@link FuseErrors}.
 * Reads copy straight into the kernel's buffer, wrapped as a direct ByteBuffer: no scratch
 * buffers, no per-byte work. Everything that would change the tree's shape is refused as a
 * read-only file system.
 */
final class MemvfsFuse extends FuseStubFS {
    private static final int O_ACCMODE = 3;
    private static final int O_RDONLY = 0;
    private static final int BLOCK = 4096;

    private final Vfs vfs;
    private final FuseErrors errors = new FuseErrors();
    private final Owner owner = Owner.ofThisProcess();

    MemvfsFuse(Vfs vfs) {
        this.vfs = vfs;
    }

    /**
     * Who owns every file: the user who mounted. Not the caller: with {@code --allow-other}, a file
     * that reported each caller as its owner would let anyone write {@code virt.txt} (0644).
     */
    record Owner(int uid, int gid) {
        static Owner ofThisProcess() {
            try {
                Path self = Path.of("/proc/self");
                return new Owner(((Number) Files.getAttribute(self, "unix:uid")).intValue(),
                        ((Number) Files.getAttribute(self, "unix:gid")).intValue());
            } catch (IOException | UnsupportedOperationException e) {
                throw new MountException("cannot tell which user runs memvfs from /proc/self: " + e.getMessage(), e);
            }
        }
    }

    /** The callbacks as libfuse takes them, for {@link FuseLoop}. */
    FuseOperations operations() {
        return fuseOperations;
    }

    @Override
    public int getattr(String path, FileStat stat) {
        return errors.call("getattr", path, () -> {
            FileAttributes attributes = vfs.stat(path);
            if (attributes.directory()) {
                stat.st_mode.set(FileStat.S_IFDIR | 0555);
            } else {
                stat.st_mode.set(FileStat.S_IFREG | (attributes.writable() ? 0644 : 0444));
                stat.st_size.set(attributes.size());
                stat.st_blocks.set((attributes.size() + 511) / 512);
            }
            // 1 for directories too: tools then count subdirectories by looking, not from the link count
            stat.st_nlink.set(1);
            stat.st_blksize.set(BLOCK);
            stat.st_uid.set(owner.uid());
            stat.st_gid.set(owner.gid());
            setTime(stat, attributes.time());
            return 0;
        });
    }

    private static void setTime(FileStat stat, Instant time) {
        for (Timespec spec : new Timespec[] {stat.st_mtim, stat.st_atim, stat.st_ctim}) {
            spec.tv_sec.set(time.getEpochSecond());
            spec.tv_nsec.set(time.getNano());
        }
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
        return errors.call("readdir", path, () -> {
            // the type of each entry goes with its name (d_type), so ls -R, find and grep -r need
            // not stat every entry to learn which ones are directories
            FileStat directory = new FileStat(Runtime.getSystemRuntime());
            directory.st_mode.set(FileStat.S_IFDIR | 0555);
            FileStat file = new FileStat(Runtime.getSystemRuntime());
            file.st_mode.set(FileStat.S_IFREG | 0444);
            filler.apply(buf, ".", directory, 0);
            filler.apply(buf, "..", directory, 0);
            for (DirectoryEntry entry : vfs.list(path)) {
                if (filler.apply(buf, entry.name(), entry.directory() ? directory : file, 0) != 0) {
                    break;
                }
            }
            return 0;
        });
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        return errors.call("open", path, () -> {
            FileAttributes attributes = vfs.stat(path);
            if (attributes.directory()) {
                return -Errno.EISDIR.intValue();
            }
            boolean writing = (fi.flags.get() & O_ACCMODE) != O_RDONLY;
            if (writing && !attributes.writable()) {
                return -Errno.EACCES.intValue();
            }
            if (attributes.writable() || vfs.isLive()) {
                // writable: through the page cache a refused write would surface as EIO at close; direct
                // I/O hands the writer our errno (EINVAL for a bad virt.txt) at write() itself.
                // live: the kernel's page cache would keep serving bytes the guest has since changed, and
                // a rendered file at the length it had when first stat'ed; direct I/O sends every read here
                DirectIo.set(fi);
            }
            return 0;
        });
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return errors.call("read", path, () -> {
            ByteBuffer target = MemoryIO.getInstance().newDirectByteBuffer(buf.address(), (int) size);
            return vfs.read(path, offset, target);
        });
    }

    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        return errors.call("write", path, () -> {
            ByteBuffer source = MemoryIO.getInstance().newDirectByteBuffer(buf.address(), (int) size);
            return vfs.write(path, offset, source);
        });
    }

    @Override
    public int truncate(String path, @off_t long size) {
        return errors.call("truncate", path, () -> {
            vfs.truncate(path, size);
            return 0;
        });
    }

    @Override
    public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
        return truncate(path, size);
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        return errors.call("utimens", path, () -> vfs.stat(path).writable() ? 0 : -Errno.EACCES.intValue());
    }

    @Override
    public int statfs(String path, Statvfs stat) {
        return errors.call("statfs", path, () -> {
            stat.f_bsize.set(BLOCK);
            stat.f_frsize.set(BLOCK);
            stat.f_blocks.set(vfs.kernel().memory().size() / BLOCK);
            stat.f_bfree.set(0);
            stat.f_bavail.set(0);
            stat.f_namemax.set(255);
            return 0;
        });
    }

    private static int readOnly() {
        return -Errno.EROFS.intValue();
    }

    @Override
    public int create(String path, long mode, FuseFileInfo fi) {
        return readOnly();
    }

    @Override
    public int mkdir(String path, long mode) {
        return readOnly();
    }

    @Override
    public int mknod(String path, long mode, long rdev) {
        return readOnly();
    }

    @Override
    public int unlink(String path) {
        return readOnly();
    }

    @Override
    public int rmdir(String path) {
        return readOnly();
    }

    @Override
    public int rename(String oldpath, String newpath) {
        return readOnly();
    }

    @Override
    public int symlink(String oldpath, String newpath) {
        return readOnly();
    }

    @Override
    public int link(String oldpath, String newpath) {
        return readOnly();
    }

    @Override
    public int chmod(String path, long mode) {
        return readOnly();
    }

    @Override
    public int chown(String path, long uid, long gid) {
        return readOnly();
    }
}
