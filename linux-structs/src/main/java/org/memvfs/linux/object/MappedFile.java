package org.memvfs.linux.object;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.memvfs.mmu.Va;

/**
 * A thin view of a {@code struct file} that a VMA maps: its path through the dentry chain, its
 * inode number and its device, as {@code /proc/PID/maps} shows them.
 */
public final class MappedFile {
    /** {@code MINORBITS} (include/linux/kdev_t.h): the kernel's own dev_t keeps the minor in the low 20 bits. */
    static final int MINOR_BITS = 20;
    /** {@code NAME_MAX}: no path component is longer. */
    static final int MAX_COMPONENT = 255;

    private final KernelObjects objects;
    private final PathLayout layout;
    private final Va address;

    MappedFile(KernelObjects objects, Va address) {
        this.objects = objects;
        this.layout = objects.pathLayout();
        this.address = address;
    }

    public Va address() {
        return address;
    }

    private Va pointer(Va at, long offset, String member) {
        return objects.memory().pointer(at.plus(offset), member + " of " + at);
    }

    /** Corresponds to {@code file.f_inode->i_ino}. */
    public long inode() {
        Va inode = pointer(address, layout.fileInode, "file.f_inode");
        return objects.memory().u64(inode.plus(layout.inodeNumber), "inode.i_ino of " + inode);
    }

    /** Corresponds to {@code file.f_inode->i_sb->s_dev}: the kernel's dev_t (major above bit 20). */
    public int device() {
        Va inode = pointer(address, layout.fileInode, "file.f_inode");
        Va superBlock = pointer(inode, layout.inodeSuper, "inode.i_sb");
        return objects.memory().u32(superBlock.plus(layout.superDevice), "super_block.s_dev of " + superBlock);
    }

    static int major(int device) {
        return device >>> MINOR_BITS;
    }

    static int minor(int device) {
        return device & ((1 << MINOR_BITS) - 1);
    }

    /**
     * The file's path as {@code d_path()} builds it: the names of {@code f_path.dentry} and its
     * {@code d_parent}s up to the root of their mount, then on from the mount point in the parent
     * mount ({@code struct mount} around {@code f_path.mnt}), until a mount is its own parent. A file
     * that was deleted (its dentry unhashed) gets {@code " (deleted)"}. Bounded in depth; a
     * chain that does not end gives a path starting with {@code "..."}.
     */
    public String path() {
        Va dentry = pointer(address, layout.fileDentry, "file.f_path.dentry");
        Va vfsmount = pointer(address, layout.fileMnt, "file.f_path.mnt");
        Va mount = vfsmount.plus(-layout.mountVfsmount);
        boolean deleted = isUnhashed(dentry) && !isRoot(dentry);
        List<String> names = new ArrayList<>();
        Set<Va> seen = new HashSet<>();
        boolean complete = false;
        for (int step = 0; step < objects.limits().maxPathDepth() && seen.add(dentry); step++) {
            Va mountRoot = pointer(vfsmount, layout.vfsmountRoot, "vfsmount.mnt_root");
            if (dentry.equals(mountRoot) || isRoot(dentry)) {
                Va parentMount = pointer(mount, layout.mountParent, "mount.mnt_parent");
                if (!dentry.equals(mountRoot) || parentMount.equals(mount)) {
                    complete = true; // the root of the namespace, or a dentry not connected to its mount's root
                    break;
                }
                dentry = pointer(mount, layout.mountMountpoint, "mount.mnt_mountpoint");
                mount = parentMount;
                vfsmount = mount.plus(layout.mountVfsmount);
                seen.clear(); // the same dentry may be met again in another mount
                continue;
            }
            names.add(name(dentry));
            dentry = pointer(dentry, layout.dentryParent, "dentry.d_parent");
        }
        Collections.reverse(names);
        String path = (complete ? "" : "...") + "/" + String.join("/", names);
        return deleted ? path + " (deleted)" : path;
    }

    /** {@code IS_ROOT()}: a dentry whose parent is itself. */
    private boolean isRoot(Va dentry) {
        return pointer(dentry, layout.dentryParent, "dentry.d_parent").equals(dentry);
    }

    /** {@code d_unhashed()}: {@code d_hash.pprev} is NULL once the dentry is dropped (the file deleted). */
    private boolean isUnhashed(Va dentry) {
        return objects.memory().u64(dentry.plus(layout.dentryHashPprev), "dentry.d_hash.pprev of " + dentry) == 0;
    }

    /** Corresponds to {@code dentry.d_name}: {@code len} bytes at {@code name}. */
    private String name(Va dentry) {
        int length = objects.memory().u32(dentry.plus(layout.dentryNameLength), "dentry.d_name.len of " + dentry);
        if (length < 0 || length > MAX_COMPONENT) {
            throw new KernelReadException("dentry " + dentry + " has a name of " + Integer.toUnsignedLong(length)
                    + " bytes, more than NAME_MAX", dentry, objects.memory().space().root());
        }
        Va name = pointer(dentry, layout.dentryName, "dentry.d_name.name");
        return new String(objects.memory().read(name, length, "the name of dentry " + dentry).array(),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "file " + address;
    }
}
