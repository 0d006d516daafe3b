package org.memvfs.vfs;

import org.memvfs.mmu.Hex;
import org.memvfs.vfs.os.OsProcess;
import org.memvfs.vfs.os.OsTextFile;

/**
 * The one-value files of a process directory, named as MemProcFS names them: {@code name.txt},
 * {@code pid.txt}, {@code ppid.txt}, {@code state.txt}, {@code time-create.txt},
 * {@code time-exit.txt} (only once it has exited), {@code dtb.txt}, {@code dtb-user.txt} (only
 * under KPTI), then the operating system's own ({@code win-cmdline.txt} …) and {@code memory.vmem}.
 */
final class ProcessInfoModule implements ProcessModule {

    @Override
    public String directory() {
        return "";
    }

    @Override
    public void addEntries(ProcessContext context, EntriesDirectory directory) {
        OsProcess process = context.process();
        directory.add("name.txt", () -> BytesFile.line(process.name()));
        directory.add("pid.txt", () -> BytesFile.line(Integer.toString(process.pid())));
        directory.add("ppid.txt", () -> BytesFile.line(Integer.toString(process.ppid())));
        directory.add("state.txt", () -> BytesFile.line(process.state()));
        directory.add("time-create.txt", () -> BytesFile.line(Formats.time(process.createTime().orElse(null))));
        if (process.exitTime().isPresent()) {
            directory.add("time-exit.txt", () -> BytesFile.line(Formats.time(process.exitTime().orElseThrow())));
        }
        directory.add("dtb.txt", () -> BytesFile.line(Hex.u64(process.dtb().value())));
        process.userDtb().ifPresent(user -> directory.add("dtb-user.txt", () -> BytesFile.line(Hex.u64(user.value()))));
        for (OsTextFile file : process.textFiles()) {
            directory.add(file.name(), () -> context.text(file.name(), () -> withNewline(file.content().get())));
        }
        directory.add("memory.vmem", () -> MemoryFile.virtual(process.addressSpace(), new org.memvfs.mmu.Va(0),
                process.userSpaceSize(), context.options().writableMemory()));
    }

    private static String withNewline(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }
}
