package org.memvfs.mount;

import java.util.ArrayList;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;
import jnr.ffi.types.size_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.struct.FuseOperations;

/**
 * libfuse's request loop, run on Java threads. libfuse's own multi-threaded loop receives requests
 * on native threads that it starts and ends as load comes and goes; jffi attaches such a thread to
 * the JVM and detaches it again around every callback until the thread has made 1,000 of them, so
 * a fresh mount read its first 256 MiB at two thirds of the steady rate, and every new libfuse
 * thread paid again. A Java thread is attached for its whole life: the callbacks it runs cost only
 * the call.
 *
 * <p>The loop does what libfuse 2.9's {@code fuse_main_real} does with its pieces, exported for
 * this purpose: {@code fuse_setup} (parse the options, mount, build the file system),
 * {@code fuse_session_receive_buf} and {@code fuse_session_process_buf} on each worker until the
 * session ends (the kernel answers ENODEV once the mount is gone), then {@code fuse_teardown}.
 */
final class FuseLoop {
    /** Requests served at once; more wait in the kernel's queue. libfuse's own loop keeps up to 10 idle. */
    static final int WORKERS = 10;
    private static final String PROGRAM = "memvfs";
    /** Without it fuse_setup would daemonize: fork the JVM and carry on in the child. */
    private static final String FOREGROUND = "-f";
    private static final int EINTR = 4;
    /** struct fuse_buf on 64-bit Linux: size_t size, int flags, void *mem, int fd, off_t pos. */
    private static final int FUSE_BUF_SIZE = 40;
    private static final int FUSE_BUF_MEM = 16;
    private static final Logger LOG = LoggerFactory.getLogger(FuseLoop.class);

    /** The part of libfuse2 the loop calls (jnr-fuse binds only {@code fuse_main_real}). */
    public interface LibFuseSession {
        Pointer fuse_setup(int argc, String[] argv, FuseOperations operations, @size_t long operationsSize,
                PointerByReference mountPoint, IntByReference multithreaded, Pointer userData);

        Pointer fuse_get_session(Pointer fuse);

        Pointer fuse_session_next_chan(Pointer session, Pointer channel);

        @size_t long fuse_chan_bufsize(Pointer channel);

        /** @param channel a {@code struct fuse_chan *} in memory, where libfuse may put another channel */
        int fuse_session_receive_buf(Pointer session, Pointer buffer, Pointer channel);

        void fuse_session_process_buf(Pointer session, Pointer buffer, Pointer channel);

        int fuse_session_exited(Pointer session);

        void fuse_session_exit(Pointer session);

        void fuse_teardown(Pointer fuse, Pointer mountPoint);
    }

    private static volatile LibFuseSession library;

    private FuseLoop() {
    }

    private static LibFuseSession library() {
        LibFuseSession loaded = library;
        if (loaded == null) {
            loaded = LibraryLoader.create(LibFuseSession.class).failImmediately().load("fuse");
            library = loaded;
        }
        return loaded;
    }

    /**
     * Mounts with {@code arguments} (libfuse's command line: the mount point, {@code -o} options,
     * {@code -d}) and serves requests until the mount goes away. Blocks the calling thread throughout.
     *
     * @throws MountException when libfuse cannot mount (it has said why on stderr)
     */
    static void run(FuseOperations operations, String[] arguments) throws InterruptedException {
        LibFuseSession fuse = library();
        String[] argv = new String[arguments.length + 2];
        argv[0] = PROGRAM;
        argv[1] = FOREGROUND;
        System.arraycopy(arguments, 0, argv, 2, arguments.length);
        PointerByReference mountPoint = new PointerByReference();
        Pointer handle = fuse.fuse_setup(argv.length, argv, operations, Struct.size(operations), mountPoint,
                new IntByReference(), null);
        if (handle == null) {
            throw new MountException("libfuse's fuse_setup failed for " + String.join(" ", arguments));
        }
        Pointer session = fuse.fuse_get_session(handle);
        Pointer channel = fuse.fuse_session_next_chan(session, null);
        long bufferSize = fuse.fuse_chan_bufsize(channel);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            Thread worker = new Thread(() -> serve(fuse, session, channel, bufferSize), "memvfs-fuse-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        // teardown frees what the workers use: only once every one of them has returned
        for (Thread worker : workers) {
            worker.join();
        }
        fuse.fuse_teardown(handle, mountPoint.getValue());
    }

    /** Loads the bindings ahead of the first mount (see {@link FuseMount#prepareInBackground()}). */
    static void prepare() {
        library();
    }

    /** One worker: receive a request, process it (the callbacks run here), until the session ends. */
    private static void serve(LibFuseSession fuse, Pointer session, Pointer channel, long bufferSize) {
        Runtime runtime = Runtime.getRuntime(fuse);
        Pointer data = Memory.allocateDirect(runtime, Math.toIntExact(bufferSize));
        Pointer request = Memory.allocateDirect(runtime, FUSE_BUF_SIZE);
        Pointer from = Memory.allocateDirect(runtime, runtime.addressSize());
        while (fuse.fuse_session_exited(session) == 0) {
            // libfuse sets size (and may change mem) to what arrived: both are reset for every request
            request.setMemory(0, FUSE_BUF_SIZE, (byte) 0);
            request.putLong(0, bufferSize);
            request.putPointer(FUSE_BUF_MEM, data);
            from.putPointer(0, channel);
            int received = fuse.fuse_session_receive_buf(session, request, from);
            if (received == -EINTR) {
                continue;
            }
            if (received <= 0) {
                // ENODEV: the mount is gone, which ends every worker; anything else ends the session
                if (received < 0) {
                    fuse.fuse_session_exit(session);
                }
                return;
            }
            try {
                fuse.fuse_session_process_buf(session, request, from.getPointer(0));
            } catch (RuntimeException | Error e) {
                // the callbacks catch their own failures (FuseErrors); what escapes them (an
                // OutOfMemoryError, say) surfaces here when libfuse returns, and this worker goes on
                LOG.error("a FUSE request failed outside the file-system callbacks", e);
            }
        }
    }
}
