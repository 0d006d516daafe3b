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
import org.memvfs.mmu.Pa;
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
 * A Windows process seen by the tree. The kernel model reads on every call; this adapter walks
 * each list once (threads, VADs, modules) and keeps the result, because the tree asks for them
 * many times while one directory is read.
 */
final class WindowsOsProcess implements OsProcess {
    private static final int IMAGE_VAD = 2;

    private final WinProcess process;
    private final long userSpaceSize;
    private final Supplier<WalkResult<WinThread>> threads;
    private final Supplier<WalkResult<WinVad>> vads;
    private final Supplier<List<WinModule>> modules;
    private final List<String> moduleProblems = new java.util.concurrent.CopyOnWriteArrayList<>();

    WindowsOsProcess(WinProcess process, long userSpaceSize) {
        this.process = process;
        this.userSpaceSize = userSpaceSize;
        this.threads = new Memo<>(process::threads);
        this.vads = new Memo<>(process::vads);
        this.modules = new Memo<>(() -> {
            WalkResult<WinModule> native64 = process.modules();
            List<WinModule> all = new ArrayList<>(native64.items());
            moduleProblems.addAll(native64.problems());
            if (process.isWow64()) {
                WalkResult<WinModule> wow64 = process.wow64Modules();
                all.addAll(wow64.items());
                moduleProblems.addAll(wow64.problems());
            }
            return all;
        });
    }

    WinProcess process() {
        return process;
    }

    @Override
    public int pid() {
        return process.pid();
    }

    @Override
    public int ppid() {
        return process.parentPid();
    }

    @Override
    public String name() {
        return process.imageFileName();
    }

    @Override
    public String state() {
        return process.isRunning() ? "running" : "exited " + Hex.of(Integer.toUnsignedLong(process.exitStatus()));
    }

    @Override
    public boolean isRunning() {
        return process.isRunning();
    }

    @Override
    public Optional<Instant> createTime() {
        return Optional.ofNullable(WindowsNames.time(process.createTime()));
    }

    @Override
    public Optional<Instant> exitTime() {
        return Optional.ofNullable(WindowsNames.time(process.exitTime()));
    }

    @Override
    public Pa dtb() {
        return process.dtb();
    }

    @Override
    public Optional<Pa> userDtb() {
        return process.userDtb();
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
        List<OsThread> result = new ArrayList<>();
        for (WinThread t : threads.get().items()) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("win32-start", t.win32StartAddress().toString());
            details.put("wait-reason", WindowsNames.waitReason(t.waitReason()));
            details.put("kernel-time", Long.toString(t.kernelTime()));
            details.put("user-time", Long.toString(t.userTime()));
            Instant exit = WindowsNames.time(t.exitTime());
            details.put("exited", exit == null ? "-" : exit.toString());
            details.put("ethread", t.address().toString());
            result.add(new OsThread(t.tid(), WindowsNames.threadState(t.state()), t.startAddress(), t.teb().orElse(null),
                    t.priority(), WindowsNames.time(t.createTime()), details));
        }
        return result;
    }

    @Override
    public List<OsRegion> regions() {
        List<OsRegion> result = new ArrayList<>();
        for (WinVad vad : vads.get().items()) {
            String file = vad.fileName().orElse("");
            String kind = vad.vadType() == IMAGE_VAD ? "image" : !file.isEmpty() ? "mapped" : vad.isPrivate() ? "private" : "shared";
            String flags = (vad.isPrivate() ? "private" : "shared") + (vad.isCommitted() ? " commit" : "");
            String tag = file.isEmpty() ? kind : file.substring(Math.max(file.lastIndexOf('\\'), file.lastIndexOf('/')) + 1);
            result.add(new OsRegion(vad.start(), vad.end(), WindowsNames.permissions(vad.protection()), kind,
                    WindowsNames.protection(vad.protection()), flags, file, tag));
        }
        return result;
    }

    @Override
    public List<OsModule> modules() {
        List<OsModule> result = new ArrayList<>();
        for (WinModule m : modules.get()) {
            result.add(new OsModule(m.baseName(), m.base(), m.size(), m.entryPoint(), m.fullName()));
        }
        return result;
    }

    @Override
    public List<OsTextFile> textFiles() {
        if (process.peb().isEmpty()) {
            return List.of();
        }
        return List.of(new OsTextFile("win-cmdline.txt", process::commandLine),
                new OsTextFile("win-path.txt", process::imagePathName),
                new OsTextFile("win-curdir.txt", process::currentDirectory));
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>(threads.get().problems());
        problems.addAll(vads.get().problems());
        modules.get();
        problems.addAll(moduleProblems);
        return problems;
    }
}
