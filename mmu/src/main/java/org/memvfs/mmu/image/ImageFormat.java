package org.memvfs.mmu.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The containers memvfs reads physical memory from. */
public enum ImageFormat {
    /** File offset = physical address; no header. With {@code --memmap}, only the ranges the map names. */
    RAW("raw"),
    /** An ELF core of a whole machine (QEMU, VirtualBox): one PT_LOAD per physical range. */
    ELF_CORE("elf-core"),
    /** A Windows kernel crash dump: PAGEDU64 or PAGEDUMP, full (run list) or bitmap (full or kernel). */
    CRASH_DUMP("crash-dump"),
    /** A LiME image: ranges, each after a 32-byte "EMiL" header. */
    LIME("lime"),
    /**
     * VMware memory: a {@code .vmem} with its {@code .vmss}/{@code .vmsn} checkpoint beside it (which
     * names the memory regions), or a checkpoint holding the memory itself.
     */
    VMWARE("vmware"),
    /**
     * A kdump-compressed dump (makedumpfile's diskdump format, QEMU's {@code dump-guest-memory -z}),
     * flattened or reassembled; pages stored raw or zlib-compressed.
     */
    KDUMP("kdump"),
    /**
     * The RAM of a running QEMU guest shared through {@code memory-backend-file,share=on}: read
     * through a shared mapping, changing while it is read. Never detected (its content is raw
     * memory); only asked for ({@code --live}).
     */
    LIVE("live");

    private final String id;

    ImageFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The format named {@code id} as {@code --format} accepts it. */
    public static ImageFormat byId(String id) {
        for (ImageFormat format : values()) {
            if (format.id.equals(id.toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown image format '" + id + "'; known: "
                + Arrays.stream(values()).map(ImageFormat::id).collect(Collectors.joining(", ")));
    }
}
