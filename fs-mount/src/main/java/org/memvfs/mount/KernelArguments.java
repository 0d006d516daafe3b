package org.memvfs.mount;

import java.nio.file.Path;
import org.memvfs.vfs.RefreshPeriods;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The image and how to find its kernel: shared by every command that shows the tree. */
final class KernelArguments {
    @Parameters(index = "0", paramLabel = "IMAGE",
            description = "The memory image: a raw dump or an ELF core of a whole machine; with --live, the RAM file "
                    + "of a running QEMU guest.")
    Path image;

    @Option(names = "--live",
            description = "IMAGE is the RAM of a running QEMU guest (pc machine), shared through -object "
                    + "memory-backend-file,id=mem0,size=…,mem-path=/dev/shm/NAME,share=on -machine pc,memory-backend=mem0: "
                    + "read through a shared mapping, never copied; caches and the process list refresh on a schedule "
                    + "(conf/refresh.txt).")
    boolean live;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Read the image as this format (raw, elf-core, crash-dump, lime, vmware, kdump) instead of "
                    + "detecting it from its content.")
    String format;

    @Option(names = "--memmap", paramLabel = "FILE",
            description = "For a raw image with holes: the physical ranges it holds, one per line (START END or "
                    + "START-END in hex, END exclusive, # comments); everything else reads as absent.")
    Path memoryMap;

    @Option(names = "--symbols", paramLabel = "FILE|DIR",
            description = "A Volatility 3 symbol file (ISF .json or .json.xz) for the kernel, or a directory of them "
                    + "searched by the kernel's PDB GUID and age.")
    Path symbols;

    @Option(names = "--dtb", paramLabel = "ADDR",
            description = "The kernel's page-table root (CR3) in hex, when the scan does not find it.")
    String dtb;

    @Option(names = "--profile", paramLabel = "ID",
            description = "Use this built-in structure profile (e.g. win10-19041-x64) instead of choosing one.")
    String profile;

    KernelLoader.Request request(boolean readWrite) {
        return new KernelLoader.Request(image, format, memoryMap, symbols, dtb, profile, readWrite, live, RefreshPeriods.DEFAULT);
    }
}
