package org.memvfs.linux.object;

import org.memvfs.linux.btf.Btf;

/**
 * Where {@code vm_area_struct}'s members are, and the few others a region's name needs: the
 * special-mapping name of {@code [vdso]}/{@code [vvar]} and the user-given name of an anonymous
 * region ({@code anon_name}, only with CONFIG_ANON_VMA_NAME).
 */
final class VmaLayout {
    final int size;
    final long start;
    final long end;
    final long mm;
    final long flags;
    final long pgoff;
    final long file;
    final long ops;
    final long privateData;
    /** {@code vm_area_struct.vm_next}, or -1 on kernels that keep VMAs only in the maple tree. */
    final long next;
    /** {@code vm_area_struct.anon_name}, or -1 without CONFIG_ANON_VMA_NAME. */
    final long anonName;
    final long anonNameText;
    final long opsName;
    final long specialMappingName;

    VmaLayout(Btf btf) {
        size = (int) btf.sizeOf("vm_area_struct");
        start = offset(btf, "vm_start");
        end = offset(btf, "vm_end");
        mm = offset(btf, "vm_mm");
        flags = offset(btf, "vm_flags");
        pgoff = offset(btf, "vm_pgoff");
        file = offset(btf, "vm_file");
        ops = offset(btf, "vm_ops");
        privateData = offset(btf, "vm_private_data");
        // kernels that list VMAs from mm->mmap link them through vm_next; the maple-tree kernels have neither
        next = btf.hasField("mm_struct", "mmap") ? offset(btf, "vm_next") : -1;
        boolean named = btf.hasField("vm_area_struct", "anon_name") && btf.hasField("anon_vma_name", "name");
        anonName = named ? offset(btf, "anon_name") : -1;
        anonNameText = named ? btf.requireField("anon_vma_name", "name").offset() : -1;
        opsName = btf.requireField("vm_operations_struct", "name").offset();
        specialMappingName = btf.requireField("vm_special_mapping", "name").offset();
    }

    private static long offset(Btf btf, String path) {
        return btf.requireField("vm_area_struct", path).offset();
    }
}
