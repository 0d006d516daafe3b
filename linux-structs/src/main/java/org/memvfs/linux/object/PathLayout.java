package org.memvfs.linux.object;

import org.memvfs.linux.btf.Btf;

/**
 * Where the members that lead from a mapped file to its path are: {@code file.f_path} (a
 * {@code vfsmount} and a {@code dentry}), the dentry chain ({@code d_name}, {@code d_parent}), the
 * mount that holds a {@code vfsmount} ({@code struct mount}, to cross mount points) and the inode's
 * number and device, as {@code /proc/PID/maps} prints them.
 */
final class PathLayout {
    final long fileMnt;
    final long fileDentry;
    final long fileInode;
    final long dentryName;
    final long dentryNameLength;
    final long dentryParent;
    final long dentryHashPprev;
    final long vfsmountRoot;
    /** Where the {@code vfsmount} sits inside its {@code struct mount}. */
    final long mountVfsmount;
    final long mountParent;
    final long mountMountpoint;
    final long inodeNumber;
    final long inodeSuper;
    final long superDevice;

    PathLayout(Btf btf) {
        fileMnt = btf.requireField("file", "f_path.mnt").offset();
        fileDentry = btf.requireField("file", "f_path.dentry").offset();
        fileInode = btf.requireField("file", "f_inode").offset();
        dentryName = btf.requireField("dentry", "d_name.name").offset();
        dentryNameLength = btf.requireField("dentry", "d_name.len").offset();
        dentryParent = btf.requireField("dentry", "d_parent").offset();
        dentryHashPprev = btf.requireField("dentry", "d_hash.pprev").offset();
        vfsmountRoot = btf.requireField("vfsmount", "mnt_root").offset();
        mountVfsmount = btf.requireField("mount", "mnt").offset();
        mountParent = btf.requireField("mount", "mnt_parent").offset();
        mountMountpoint = btf.requireField("mount", "mnt_mountpoint").offset();
        inodeNumber = btf.requireField("inode", "i_ino").offset();
        inodeSuper = btf.requireField("inode", "i_sb").offset();
        superDevice = btf.requireField("super_block", "s_dev").offset();
    }
}
