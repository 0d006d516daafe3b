package org.memvfs.vfs;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.memvfs.mmu.MemoryException;
import org.memvfs.vfs.os.OsFile;
import org.memvfs.vfs.os.OsKernel;
import org.memvfs.vfs.os.OsProcess;

/**
 * The memvfs file tree over one kernel, independent of FUSE: every path can be listed, sized,
 * read at any offset and, where writable, written. The mount is a thin adapter over this class;
 * {@code memvfs ls/cat/tree} use it directly. Safe for concurrent use.
 *
 * <pre>
 * memory.pmem
 * pid/&lt;pid&gt;/…   name/&lt;name&gt;-&lt;pid&gt;/…   (the same directory)
 * sys/proc/proc.txt  sys/version.txt  sys/architecture.txt
 * conf/statistics.txt  conf/refresh.txt (live memory only)
 * </pre>
 *
 * <p>Over live memory ({@link OsKernel#isLive()}) the tree refreshes itself (see {@link Refresher}):
 * the caches are dropped every memory period, the process list is read again every process period
 * and a new tree swapped in. A reader that still holds the previous tree finishes on it: its nodes
 * stay readable views of the memory. {@link #close()} stops the refreshing.
 */
public final class Vfs implements AutoCloseable {
    private final OsKernel kernel;
    private final VfsOptions options;
    private final RenderCache cache;
    private final Map<String, ProcessState> states = new ConcurrentHashMap<>();
    private final Instant fallbackTime = Instant.now();
    private final AtomicLong treesMade = new AtomicLong();
    /** Null for static images: they never refresh. */
    private final Refresher refresher;
    private volatile Tree tree;

    /**
     * One reading of the kernel: the process table and the directories made from it. Its rendered
     * files are cached under its serial number, so that a reader still on a previous tree never
     * fills the cache with text rendered from that tree's (older) process views for the new one.
     */
    private final class Tree {
        final long serial = treesMade.incrementAndGet();
        final ProcessTable table;
        final Map<String, Directory> processDirectories = new ConcurrentHashMap<>();
        final EntriesDirectory root;

        Tree(ProcessTable table) {
            this.table = table;
            this.root = rootDirectory();
        }

        private EntriesDirectory rootDirectory() {
            EntriesDirectory pids = new EntriesDirectory();
            table.byPid().forEach((name, process) -> pids.add(name, () -> processDirectory(process)));
            EntriesDirectory names = new EntriesDirectory();
            table.byName().forEach((name, process) -> names.add(name, () -> processDirectory(process)));
            EntriesDirectory proc = new EntriesDirectory().add("proc.txt",
                    () -> new TextFile(cache, "sys/proc/proc.txt@" + serial,
                            () -> SystemFiles.processTree(table.processes(), kernel.problems())));
            EntriesDirectory sys = new EntriesDirectory()
                    .add("proc", () -> proc)
                    .add("version.txt", () -> new TextFile(cache, "sys/version.txt", () -> SystemFiles.version(kernel)))
                    .add("architecture.txt", () -> BytesFile.line(kernel.architecture()));
            EntriesDirectory conf = new EntriesDirectory()
                    .add("statistics.txt", () -> BytesFile.line(SystemFiles.statistics(kernel).stripTrailing()));
            if (refresher != null) {
                conf.add("refresh.txt", () -> new RefreshFile(refresher));
            }
            EntriesDirectory root = new EntriesDirectory()
                    .add("memory.pmem", () -> MemoryFile.physical(kernel.memory(), options.writableMemory()));
            for (OsFile file : kernel.rootFiles()) {
                root.add(file.name(), () -> new ReaderFile(file));
            }
            return root
                    .add("pid", () -> pids)
                    .add("name", () -> names)
                    .add("sys", () -> sys)
                    .add("conf", () -> conf);
        }

        private Directory processDirectory(OsProcess process) {
            String key = ProcessTable.key(process);
            return processDirectories.computeIfAbsent(key, k -> ProcessModules.directoryOf(new ProcessContext(kernel, process,
                    k + "@" + serial, cache, states.computeIfAbsent(k, s -> new ProcessState()), options)));
        }
    }

    public Vfs(OsKernel kernel, VfsOptions options) {
        this.kernel = kernel;
        this.options = options;
        this.cache = new RenderCache(kernel.caches(), options.renderCacheBytes());
        this.refresher = kernel.isLive() ? new Refresher(kernel.caches(), this::rereadProcesses, options.refresh()) : null;
        this.tree = new Tree(new ProcessTable(kernel.processes()));
        if (refresher != null) {
            refresher.start();
        }
    }

    public Vfs(OsKernel kernel) {
        this(kernel, VfsOptions.DEFAULT);
    }

    public OsKernel kernel() {
        return kernel;
    }

    /**
     * Reads the process list again and forgets every rendered file and cached translation (for
     * live memory this is what writing {@code 1} to {@code conf/refresh.txt} does). What was
     * written to each listed process's {@code virt.txt} is kept.
     */
    public void refresh() {
        if (refresher != null) {
            refresher.refreshProcesses();
        } else {
            kernel.caches().invalidateAll();
            rereadProcesses();
        }
    }

    /** Whether the tree refreshes itself (live memory); static images never do. */
    public boolean isLive() {
        return refresher != null;
    }

    /** How often a live tree refreshes now; empty for static images. */
    public Optional<RefreshPeriods> refreshPeriods() {
        return refresher == null ? Optional.empty() : Optional.of(refresher.periods());
    }

    /** Builds a tree from the process list as the kernel lists it now, and swaps it in. */
    private void rereadProcesses() {
        Tree fresh = new Tree(new ProcessTable(kernel.processes()));
        tree = fresh;
        forgetStatesOfUnlisted(fresh.table);
    }

    /** The per-process state of processes no longer listed would otherwise pile up over a long live session. */
    private void forgetStatesOfUnlisted(ProcessTable table) {
        Set<String> listed = new HashSet<>();
        for (OsProcess process : table.processes()) {
            try {
                listed.add(ProcessTable.key(process));
            } catch (MemoryException e) {
                return; // a key cannot be read: keep every state rather than lose a listed process's
            }
        }
        states.keySet().retainAll(listed);
    }

    /** Stops a live tree's refreshing (bounded wait); nothing to do for static images. */
    @Override
    public void close() {
        if (refresher != null) {
            refresher.close();
        }
    }

    /** What {@code stat} reports for {@code path}. */
    public FileAttributes stat(String path) {
        Located located = locate(path);
        if (located.node instanceof FileNode file) {
            return new FileAttributes(false, file.size(), file.isWritable(), located.time);
        }
        return new FileAttributes(true, 0, false, located.time);
    }

    /** The entries of the directory at {@code path}, in display order. */
    public List<DirectoryEntry> list(String path) {
        Directory directory = directory(path);
        List<DirectoryEntry> entries = new ArrayList<>();
        for (String name : directory.names()) {
            entries.add(new DirectoryEntry(name, directory.child(name) instanceof Directory));
        }
        return entries;
    }

    /** The names in the directory at {@code path}, without looking at what they name. */
    public List<String> names(String path) {
        return directory(path).names();
    }

    /** Reads from {@code offset} into {@code dst} (up to its limit); returns the bytes read, 0 at or past the end. */
    public int read(String path, long offset, ByteBuffer dst) {
        if (offset < 0) {
            throw new VfsException(VfsException.Kind.INVALID_ARGUMENT, path, "negative offset " + offset);
        }
        return file(path).read(offset, dst);
    }

    /** Writes {@code src} at {@code offset}; returns the bytes written. */
    public int write(String path, long offset, ByteBuffer src) {
        return file(path).write(offset, src, path);
    }

    /** Sets a writable file's length. */
    public void truncate(String path, long length) {
        file(path).truncate(length, path);
    }

    private FileNode file(String path) {
        Node node = locate(path).node;
        if (node instanceof FileNode file) {
            return file;
        }
        throw new VfsException(VfsException.Kind.IS_A_DIRECTORY, path, "is a directory");
    }

    private Directory directory(String path) {
        Node node = locate(path).node;
        if (node instanceof Directory directory) {
            return directory;
        }
        throw new VfsException(VfsException.Kind.NOT_A_DIRECTORY, path, "not a directory");
    }

    private record Located(Node node, Instant time) {
    }

    private Located locate(String path) {
        if (refresher != null) {
            refresher.keepFresh();
        }
        Tree current = tree;
        Node node = current.root;
        Instant time = kernel.imageTime().orElse(fallbackTime);
        List<String> names = VfsPath.split(path);
        for (int i = 0; i < names.size(); i++) {
            if (!(node instanceof Directory directory)) {
                throw new VfsException(VfsException.Kind.NOT_A_DIRECTORY, path, "not a directory");
            }
            node = directory.child(names.get(i));
            if (node == null) {
                throw new VfsException(VfsException.Kind.NOT_FOUND, path, "no such file or directory");
            }
            if (i == 1 && (names.get(0).equals("pid") || names.get(0).equals("name"))) {
                OsProcess process = (names.get(0).equals("pid") ? current.table.byPid() : current.table.byName()).get(names.get(1));
                time = process.createTime().orElse(time);
            }
            if (node.time() != null) {
                time = node.time();
            }
        }
        return new Located(node, time);
    }
}
