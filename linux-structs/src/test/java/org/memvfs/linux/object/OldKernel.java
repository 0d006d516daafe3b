package org.memvfs.linux.object;

import java.nio.charset.StandardCharsets;
import org.memvfs.linux.FakeMemory;
import org.memvfs.linux.btf.Btf;
import org.memvfs.linux.btf.TestBtf;
import org.memvfs.linux.btf.TestBtf.Field;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.Va;

/**
 * A kernel from before 6.1, built by hand for the paths the real guests cannot show: VMAs on the
 * {@code mm->mmap} list through {@code vm_next}, threads on the {@code thread_group} ring, the
 * {@code state} member, and files on mounts other than the root. Its BTF has just the members the
 * model reads, at offsets chosen here; its memory is 4 MiB whose first 4 MiB are the direct map
 * (two 2 MiB pages), plus one 2 MiB user page at {@link #USER} backed by physical 2 MiB.
 */
final class OldKernel {
    static final long DIRECT_MAP = 0xffff_8880_0000_0000L;
    static final long USER = 0x40_0000L;
    static final long TOP_TABLE = 0x1000;
    private static final long PRESENT_WRITABLE = 0x3;
    private static final long USER_BIT = 0x4;
    private static final long LARGE = 0x80;

    final FakeMemory memory = new FakeMemory().range(0, 4 << 20);
    final Btf btf;
    final KernelObjects objects;

    OldKernel() {
        btf = oldBtf();
        memory.put64(TOP_TABLE + 8 * 273, 0x2000 | PRESENT_WRITABLE); // PML4[273]: the direct map
        memory.put64(0x2000, 0x3000 | PRESENT_WRITABLE);
        memory.put64(0x3000, 0 | PRESENT_WRITABLE | LARGE);
        memory.put64(0x3008, 0x20_0000 | PRESENT_WRITABLE | LARGE);
        memory.put64(TOP_TABLE, 0x4000 | PRESENT_WRITABLE | USER_BIT); // PML4[0]: user space
        memory.put64(0x4000, 0x5000 | PRESENT_WRITABLE | USER_BIT);
        memory.put64(0x5000 + 8 * 2, 0x20_0000 | PRESENT_WRITABLE | USER_BIT | LARGE);
        objects = new KernelObjects(btf, AddressSpace.of(memory, PagingMode.X64_4LEVEL, new Pa(TOP_TABLE)), WalkLimits.DEFAULT);
    }

    static Va va(long pa) {
        return new Va(DIRECT_MAP + pa);
    }

    private static Btf oldBtf() {
        TestBtf b = new TestBtf();
        int listHead = b.struct("list_head", 16, new Field("next", TestBtf.POINTER, 0), new Field("prev", TestBtf.POINTER, 8));
        b.struct("task_struct", 0x200,
                new Field("state", TestBtf.LONG, 0x00), new Field("flags", TestBtf.UINT, 0x08), new Field("prio", TestBtf.INT, 0x0c),
                new Field("tasks", listHead, 0x10), new Field("mm", TestBtf.POINTER, 0x20),
                new Field("active_mm", TestBtf.POINTER, 0x28), new Field("exit_state", TestBtf.INT, 0x30),
                new Field("pid", TestBtf.INT, 0x34), new Field("tgid", TestBtf.INT, 0x38),
                new Field("real_parent", TestBtf.POINTER, 0x40), new Field("thread_group", listHead, 0x48),
                new Field("start_time", TestBtf.LONG, 0x58), new Field("comm", b.chars(16), 0x60),
                new Field("signal", TestBtf.POINTER, 0x70), new Field("cpu", TestBtf.UINT, 0x78));
        b.struct("mm_struct", 0x100, new Field("mmap", TestBtf.POINTER, 0), new Field("pgd", TestBtf.POINTER, 0x08),
                new Field("map_count", TestBtf.INT, 0x10), new Field("start_brk", TestBtf.LONG, 0x18),
                new Field("brk", TestBtf.LONG, 0x20), new Field("start_stack", TestBtf.LONG, 0x28),
                new Field("arg_start", TestBtf.LONG, 0x30), new Field("arg_end", TestBtf.LONG, 0x38));
        b.struct("vm_area_struct", 0x80, new Field("vm_start", TestBtf.LONG, 0), new Field("vm_end", TestBtf.LONG, 8),
                new Field("vm_next", TestBtf.POINTER, 0x10), new Field("vm_mm", TestBtf.POINTER, 0x18),
                new Field("vm_flags", TestBtf.LONG, 0x20), new Field("vm_pgoff", TestBtf.LONG, 0x28),
                new Field("vm_file", TestBtf.POINTER, 0x30), new Field("vm_ops", TestBtf.POINTER, 0x38),
                new Field("vm_private_data", TestBtf.POINTER, 0x40));
        b.struct("vm_operations_struct", 0x80, new Field("name", TestBtf.POINTER, 0x60));
        b.struct("vm_special_mapping", 0x20, new Field("name", TestBtf.POINTER, 0));
        int path = b.struct("path", 16, new Field("mnt", TestBtf.POINTER, 0), new Field("dentry", TestBtf.POINTER, 8));
        b.struct("file", 0x40, new Field("f_path", path, 0x10), new Field("f_inode", TestBtf.POINTER, 0x20));
        int hashAndLength = b.struct("", 8, new Field("hash", TestBtf.UINT, 0), new Field("len", TestBtf.UINT, 4));
        int hashUnion = b.union("", 8, new Field("", hashAndLength, 0), new Field("hash_len", TestBtf.LONG, 0));
        int qstr = b.struct("qstr", 16, new Field("", hashUnion, 0), new Field("name", TestBtf.POINTER, 8));
        int hashNode = b.struct("hlist_bl_node", 16, new Field("next", TestBtf.POINTER, 0), new Field("pprev", TestBtf.POINTER, 8));
        b.struct("dentry", 0x40, new Field("d_hash", hashNode, 0x08), new Field("d_parent", TestBtf.POINTER, 0x18),
                new Field("d_name", qstr, 0x20));
        int vfsmount = b.struct("vfsmount", 0x20, new Field("mnt_root", TestBtf.POINTER, 0));
        b.struct("mount", 0x60, new Field("mnt_parent", TestBtf.POINTER, 0x10), new Field("mnt_mountpoint", TestBtf.POINTER, 0x18),
                new Field("mnt", vfsmount, 0x20));
        b.struct("inode", 0x80, new Field("i_sb", TestBtf.POINTER, 0x28), new Field("i_ino", TestBtf.LONG, 0x40));
        b.struct("super_block", 0x40, new Field("s_dev", TestBtf.UINT, 0x10));
        return b.btf();
    }

    // ---- writers: each takes physical addresses inside the direct map and writes kernel pointers ----

    void task(long pa, int pid, int tgid, String comm, long state) {
        memory.put64(pa, state).put32(pa + 0x34, pid).put32(pa + 0x38, tgid);
        memory.put(pa + 0x60, (comm + "\0").getBytes(StandardCharsets.US_ASCII));
        link(pa + 0x48, pa + 0x48, pa + 0x48); // an empty thread_group ring
    }

    /** Sets the list_head at {@code pa} to {@code next} and {@code prev} (physical addresses of list heads). */
    void link(long pa, long next, long prev) {
        memory.put64(pa, va(next).value()).put64(pa + 8, va(prev).value());
    }

    /** Links the list heads at {@code heads} into one ring, in order. */
    void ring(long... heads) {
        for (int i = 0; i < heads.length; i++) {
            link(heads[i], heads[(i + 1) % heads.length], heads[(i + heads.length - 1) % heads.length]);
        }
    }

    void mm(long pa, long firstVma, int mapCount) {
        memory.put64(pa, firstVma == 0 ? 0 : va(firstVma).value()).put64(pa + 0x08, va(TOP_TABLE).value())
                .put32(pa + 0x10, mapCount);
    }

    void vma(long pa, long mm, long start, long end, long flags, long next) {
        memory.put64(pa, start).put64(pa + 8, end).put64(pa + 0x10, next == 0 ? 0 : va(next).value())
                .put64(pa + 0x18, va(mm).value()).put64(pa + 0x20, flags);
    }

    void dentry(long pa, long parent, long nameAt, String name, boolean hashed) {
        memory.put(nameAt, name.getBytes(StandardCharsets.UTF_8));
        memory.put64(pa + 0x10, hashed ? va(pa).value() : 0).put64(pa + 0x18, va(parent).value())
                .put32(pa + 0x24, name.length()).put64(pa + 0x28, va(nameAt).value());
    }

    /** A mount: its vfsmount's root dentry, its parent mount and the dentry it is mounted on. */
    void mount(long pa, long root, long parent, long mountpoint) {
        memory.put64(pa + 0x10, va(parent).value()).put64(pa + 0x18, va(mountpoint).value()).put64(pa + 0x20, va(root).value());
    }

    /** A file at {@code pa} for {@code dentry} on the mount at {@code mount}, with an inode and super block. */
    void file(long pa, long mount, long dentry, long inode, long ino, long superBlock, int device) {
        memory.put64(pa + 0x10, va(mount + 0x20).value()).put64(pa + 0x18, va(dentry).value()).put64(pa + 0x20, va(inode).value());
        memory.put64(inode + 0x28, va(superBlock).value()).put64(inode + 0x40, ino);
        memory.put32(superBlock + 0x10, device);
    }
}
