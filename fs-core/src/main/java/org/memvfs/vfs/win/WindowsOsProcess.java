package org.memvfs.vfs.win;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Va;
import org.memvfs.vfs.Memo;
import org.memvfs.vfs.os.OsModule;
import org.memvfs.vfs.os.OsProcess;
import org.memvfs.vfs.os.OsRegion;
import org.memvfs.vfs.os.OsTextFile;
import org.memvfs.vfs.os.OsThread;
import org.memvfs.win.object.WalkResult;
import org.memvfs.win.object.WinModule;
import org.memvfs.win.object.WinProcess;
import org.memvfs.win.object.WinThread;
import org.memvfs.win.object.WinVad;

/**
 * A Windows process seen by the tree. The kernel model reads on every call; this adapter reads
 * what names the process (pid, name, times, state, tables, whether it has a PEB) once, when it
 * is made, and walks each list once (threads, VADs, modules) and keeps the result, because the tree
 * asks for them many times while one directory is read. An entry of a list whose own fields cannot
 * be read is left out, and said so in that list's problems: one corrupt thread or VAD does not
 * hide the others.
 */
final class WindowsOsProcess implements OsProcess {
    private static final int IMAGE_VAD = 2;

    private final WinProcess process;
    private final long userSpaceSize;
    private final int pid;
    private final int ppid;
    private final String name;
    private final boolean running;
    private final int exitStatus;
    private final Instant createTime;
    private final Instant exitTime;
    private final Pa dtb;
    private final Optional<Pa> userDtb;
    private final boolean hasPeb;
    private final Supplier<WalkResult<OsThread>> threads;
    private final Supplier<WalkResult<OsRegion>> regions;
    private final Supplier<WalkResult<OsModule>> modules;

    /**
     * @throws org.memvfs.mmu.MemoryException when the fields that name the process cannot be read
     */
    WindowsOsProcess(WinProcess process, long userSpaceSize) {
        this.process = process;
        this.userSpaceSize = userSpaceSize;
        this.pid = process.pid();
        this.ppid = process.parentPid();
        this.name = process.imageFileName();
        this.exitStatus = process.exitStatus();
        this.running = exitStatus == WinProcess.STATUS_PENDING;
        this.createTime = WindowsNames.time(process.createTime());
        this.exitTime = WindowsNames.time(process.exitTime());
        this.dtb = process.dtb();
        this.userDtb = process.userDtb();
        this.hasPeb = process.peb().isPresent();
        this.threads = new Memo<>(this::readThreads);
        this.regions = new Memo<>(this::readRegions);
        this.modules = new Memo<>(this::readModules);
    }

    WinProcess process() {
        return process;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public int ppid() {
        return ppid;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String state() {
        return running ? "running" : "exited " + Hex.of(Integer.toUnsignedLong(exitStatus));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Optional<Instant> createTime() {
        return Optional.ofNullable(createTime);
    }

    @Override
    public Optional<Instant> exitTime() {
        return Optional.ofNullable(exitTime);
    }

    @Override
    public Pa dtb() {
        return dtb;
    }

    @Override
    public Optional<Pa> userDtb() {
        return userDtb;
    }

    @Override
    public AddressSpace addressSpace() {
        return process.addressSpace();
    }

    @Override
    public long userSpaceSize() {
        return userSpaceSize;
    }

    @Override
    public List<OsThread> threads() {
        return threads.get().items();
    }

    @Override
    public List<String> threadProblems() {
        return threads.get().problems();
    }

    private WalkResult<OsThread> readThreads() {
        WalkResult<WinThread> walk = process.threads();
        List<OsThread> result = new ArrayList<>();
        List<String> problems = new ArrayList<>(walk.problems());
        for (WinThread t : walk.items()) {
            try {
                result.add(thread(t));
            } catch (MemoryException e) {
                problems.add("thread at " + t.address() + " is left out: " + e.what());
            }
        }
        return new WalkResult<>(result, problems);
    }

    private static OsThread thread(WinThread t) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("win32-start", t.win32StartAddress().toString());
        details.put("wait-reason", WindowsNames.waitReason(t.waitReason()));
        details.put("kernel-time", Long.toString(t.kernelTime()));
        details.put("user-time", Long.toString(t.userTime()));
        Instant exit = WindowsNames.time(t.exitTime());
        details.put("exited", exit == null ? "-" : exit.toString());
        details.put("ethread", t.address().toString());
        return new OsThread(t.tid(), WindowsNames.threadState(t.state()), t.startAddress(), t.teb().orElse(null),
                t.priority(), WindowsNames.time(t.createTime()), details);
    }

    @Override
    public List<OsRegion> regions() {
        return regions.get().items();
    }

    @Override
    public List<String> regionProblems() {
        return regions.get().problems();
    }

    private WalkResult<OsRegion> readRegions() {
        WalkResult<WinVad> walk = process.vads();
        List<OsRegion> result = new ArrayList<>();
        List<String> problems = new ArrayList<>(walk.problems());
        for (WinVad vad : walk.items()) {
            try {
                Va start = vad.start();
                Va end = vad.end();
                if (Long.compareUnsigned(end.value(), start.value()) < 0) {
                    problems.add("VAD at " + vad.address() + " is left out: it ends at " + end + ", before it starts at "
                            + start);
                    continue;
                }
                if (Long.compareUnsigned(end.value(), userSpaceSize - 1) > 0) {
                    problems.add("VAD at " + vad.address() + " is left out: it spans " + start + "-" + end
                            + ", beyond the user address space, which ends at " + new Va(userSpaceSize - 1));
                    continue;
                }
                result.add(region(vad, start, end, fileName(vad, problems)));
            } catch (MemoryException e) {
                problems.add("VAD at " + vad.address() + " is left out: " + e.what());
            }
        }
        if (walk.items().isEmpty() && walk.problems().isEmpty() && running && hasPeb) {
            // the PEB itself lives in a VAD: an empty tree here means a VadRoot that reads as null
            problems.add("the VAD tree of pid " + pid + " is empty, yet the process runs with a PEB: its VadRoot reads as null");
        }
        return new WalkResult<>(result, problems);
    }

    /** The name of the file a VAD maps; empty, and said so in the problems, when it cannot be read. */
    private static String fileName(WinVad vad, List<String> problems) {
        try {
            return vad.fileName().orElse("");
        } catch (MemoryException e) {
            problems.add("VAD at " + vad.address() + ": the name of its mapped file cannot be read: " + e.what());
            return "";
        }
    }

    private static OsRegion region(WinVad vad, Va start, Va end, String file) {
        String kind = vad.vadType() == IMAGE_VAD ? "image" : !file.isEmpty() ? "mapped" : vad.isPrivate() ? "private" : "shared";
        String flags = (vad.isPrivate() ? "private" : "shared") + (vad.isCommitted() ? " commit" : "");
        String tag = file.isEmpty() ? kind : file.substring(Math.max(file.lastIndexOf('\\'), file.lastIndexOf('/')) + 1);
        return new OsRegion(start, end, WindowsNames.permissions(vad.protection()), kind,
                WindowsNames.protection(vad.protection()), flags, file, tag);
    }

    @Override
    public List<OsModule> modules() {
        return modules.get().items();
    }

    @Override
    public List<String> moduleProblems() {
        return modules.get().problems();
    }

    private WalkResult<OsModule> readModules() {
        List<OsModule> result = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        addModules(process.modules(), result, problems);
        try {
            if (process.isWow64()) {
                addModules(process.wow64Modules(), result, problems);
            }
        } catch (MemoryException e) {
            problems.add("whether pid " + pid + " is a WoW64 process cannot be read: " + e.what());
        }
        return new WalkResult<>(result, problems);
    }

    private static void addModules(WalkResult<WinModule> walk, List<OsModule> result, List<String> problems) {
        problems.addAll(walk.problems());
        for (WinModule m : walk.items()) {
            try {
                result.add(new OsModule(m.baseName(), m.base(), m.size(), m.entryPoint(), m.fullName()));
            } catch (MemoryException e) {
                problems.add("module at " + m.address() + " is left out: " + e.what());
            }
        }
    }

    @Override
    public List<OsTextFile> textFiles() {
        if (!hasPeb) {
            return List.of();
        }
        return List.of(new OsTextFile("win-cmdline.txt", process::commandLine),
                new OsTextFile("win-path.txt", process::imagePathName),
                new OsTextFile("win-curdir.txt", process::currentDirectory));
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>(threadProblems());
        problems.addAll(regionProblems());
        problems.addAll(moduleProblems());
        return problems;
    }
}
