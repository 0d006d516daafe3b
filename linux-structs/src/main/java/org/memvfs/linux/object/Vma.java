package org.memvfs.linux.object;

import java.util.Optional;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Va;

/**
 * A thin view of a {@code vm_area_struct}: one region of a process's address space. Getters read
 * on call; {@link #name()} and {@link #mapsLine()} give what {@code /proc/PID/maps} shows for it.
 */
public final class Vma {
    /** {@code VM_READ}, {@code VM_WRITE}, {@code VM_EXEC}, {@code VM_MAYSHARE} (include/linux/mm.h): not in BTF, fixed ABI. */
    static final long VM_READ = 0x1;
    static final long VM_WRITE = 0x2;
    static final long VM_EXEC = 0x4;
    static final long VM_MAYSHARE = 0x80;
    /** {@code PAGE_SHIFT}: {@code vm_pgoff} counts 4 KiB pages. */
    static final int PAGE_SHIFT = 12;
    /** {@code NAME_MAX}: the longest name a special mapping or anonymous name can sensibly have here. */
    static final int MAX_NAME = 255;

    private final KernelObjects objects;
    private final VmaLayout layout;
    private final MmStruct mm;
    private final Va address;

    Vma(KernelObjects objects, MmStruct mm, Va address) {
        this.objects = objects;
        this.layout = objects.vmaLayout();
        this.mm = mm;
        this.address = address;
    }

    public Va address() {
        return address;
    }

    /** The address space this region belongs to. */
    public MmStruct owner() {
        return mm;
    }

    private long word(long offset, String member) {
        return objects.memory().u64(address.plus(offset), "vm_area_struct." + member + " of " + address);
    }

    /** Corresponds to {@code vm_area_struct.vm_start}: the first address. */
    public Va start() {
        return new Va(word(layout.start, "vm_start"));
    }

    /** Corresponds to {@code vm_area_struct.vm_end}: one past the last address. */
    public Va end() {
        return new Va(word(layout.end, "vm_end"));
    }

    /** Corresponds to {@code vm_area_struct.vm_mm}: the mm it belongs to. */
    public Va mmAddress() {
        return new Va(word(layout.mm, "vm_mm"));
    }

    /** Corresponds to {@code vm_area_struct.vm_flags} ({@code VM_*}). */
    public long flags() {
        return word(layout.flags, "vm_flags");
    }

    /** Corresponds to {@code vm_area_struct.vm_pgoff}: the offset into the file, in pages. */
    public long pgoff() {
        return word(layout.pgoff, "vm_pgoff");
    }

    /** {@code vm_area_struct.vm_next}, on kernels that link VMAs in a list (only those call it). */
    Va nextInList() {
        return new Va(word(layout.next, "vm_next"));
    }

    /** Corresponds to {@code vm_area_struct.vm_file}: the mapped file, empty for anonymous memory. */
    public Optional<MappedFile> file() {
        long file = word(layout.file, "vm_file");
        return file == 0 ? Optional.empty() : Optional.of(new MappedFile(objects, new Va(file)));
    }

    /** {@code r}, {@code w}, {@code x} and {@code s} (shared) or {@code p} (private), as /proc/PID/maps prints them. */
    public String permissions() {
        long flags = flags();
        return "" + ((flags & VM_READ) != 0 ? 'r' : '-') + ((flags & VM_WRITE) != 0 ? 'w' : '-')
                + ((flags & VM_EXEC) != 0 ? 'x' : '-') + ((flags & VM_MAYSHARE) != 0 ? 's' : 'p');
    }

    /**
     * The name /proc/PID/maps gives the region, decided as {@code show_map_vma()} decides it: the
     * file's path; else the name of a special mapping ({@code vm_ops->name}, which in these kernels
     * only special mappings such as {@code [vdso]} and {@code [vvar]} have: their
     * {@code vm_private_data} is a {@code vm_special_mapping} whose first member names them); else
     * {@code [heap]} when it overlaps {@code start_brk..brk}, {@code [stack]} when it holds
     * {@code start_stack}; else {@code [anon:<name>]} when user space named it; else empty.
     */
    public String name() {
        Optional<MappedFile> file = file();
        if (file.isPresent()) {
            return file.get().path();
        }
        Optional<String> special = specialMappingName();
        if (special.isPresent()) {
            return special.get();
        }
        long start = start().value();
        long end = end().value();
        if (Long.compareUnsigned(start, mm.brk().value()) <= 0 && Long.compareUnsigned(end, mm.startBrk().value()) >= 0) {
            return "[heap]";
        }
        long stack = mm.startStack().value();
        if (Long.compareUnsigned(start, stack) <= 0 && Long.compareUnsigned(end, stack) >= 0) {
            return "[stack]";
        }
        return anonymousName().map(name -> "[anon:" + name + "]").orElse("");
    }

    /** {@code vm_ops->name} is set: the name in the {@code vm_special_mapping} at {@code vm_private_data}. */
    private Optional<String> specialMappingName() {
        long ops = word(layout.ops, "vm_ops");
        if (ops == 0 || objects.memory().u64(new Va(ops).plus(layout.opsName), "vm_operations_struct.name") == 0) {
            return Optional.empty();
        }
        long special = word(layout.privateData, "vm_private_data");
        if (special == 0) {
            return Optional.empty();
        }
        Va name = objects.memory().pointer(new Va(special).plus(layout.specialMappingName), "vm_special_mapping.name");
        return Optional.of(objects.memory().cStringAcrossPages(name, MAX_NAME, "the special mapping's name"));
    }

    /** {@code vm_area_struct.anon_name->name}, where the kernel has it and user space set it. */
    private Optional<String> anonymousName() {
        if (layout.anonName < 0) {
            return Optional.empty();
        }
        long anon = word(layout.anonName, "anon_name");
        if (anon == 0) {
            return Optional.empty();
        }
        return Optional.of(objects.memory().cStringAcrossPages(new Va(anon).plus(layout.anonNameText), MAX_NAME, "anon_vma_name.name"));
    }

    /**
     * The region's line of {@code /proc/PID/maps}, in the kernel's own shape
     * ({@code show_vma_header_prefix()}): start-end, permissions, file offset, device major:minor,
     * inode, then — padded to column 74 — the name; an unnamed region ends after the inode and one
     * space. Without the newline.
     */
    public String mapsLine() {
        Optional<MappedFile> file = file();
        long offset = 0;
        int major = 0;
        int minor = 0;
        long inode = 0;
        if (file.isPresent()) {
            offset = pgoff() << PAGE_SHIFT;
            MappedFile f = file.get();
            int device = f.device();
            major = MappedFile.major(device);
            minor = MappedFile.minor(device);
            inode = f.inode();
        }
        String name = file.isPresent() ? MapsLine.escapeNewlines(name()) : name();
        return MapsLine.format(start().value(), end().value(), permissions(), offset, major, minor, inode, name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vma other && other.address.equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        try {
            return "vm_area_struct " + address + " [" + start() + ", " + end() + ")";
        } catch (MemoryException e) {
            return "vm_area_struct " + address;
        }
    }
}
