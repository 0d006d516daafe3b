package org.memvfs.mmu.image;

import java.util.Locale;

/** The containers memvfs reads physical memory from. */
public enum ImageFormat {
    /** File offset = physical address; no header. */
    RAW("raw"),
    /** An ELF core of a whole machine (QEMU, VirtualBox): one PT_LOAD per physical range. */
    ELF_CORE("elf-core");

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
        throw new IllegalArgumentException("unknown image format '" + id + "'; known: raw, elf-core");
    }
}
