package org.memvfs.win.sample;

import java.util.ArrayList;
import java.util.List;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Writes a process's VADs as the kernel keeps them: one node per VAD in its own pool block
 * ("VadS" for private {@code _MMVAD_SHORT}s, "Vad " for file-backed {@code _MMVAD}s), linked into a
 * height-balanced AVL tree by address. Two tree formats exist:
 * <ul>
 *   <li>Windows 8 and later ({@link #writeBalancedTree}): {@code _EPROCESS.VadRoot} is an
 *       {@code _RTL_AVL_TREE} whose Root points at the root node; each node begins with an
 *       {@code _RTL_BALANCED_NODE} (Left, Right, ParentValue = parent | balance in the low 2 bits);
 *       the 32-bit StartingVpn/EndingVpn have their bits 32–39 in StartingVpnHigh/EndingVpnHigh.</li>
 *   <li>Windows 7 ({@link #writeLegacyTree}): {@code _EPROCESS.VadRoot} is an {@code _MM_AVL_TABLE}
 *       whose BalancedRoot is a sentinel node (its parent is itself) with the real root as its
 *       RightChild; nodes have u1.Parent (balance in the low 2 bits), LeftChild, RightChild and
 *       pointer-sized StartingVpn/EndingVpn.</li>
 * </ul>
 * The VadFlags bits (VadType, Protection, PrivateMemory) and wherever the build keeps MemCommit
 * and CommitCharge all come from the profile.
 */
final class VadTreeWriter {
    private static final String SHORT = "_MMVAD_SHORT";
    private static final String LONG = "_MMVAD";
    private static final int PAGE_SHIFT = PhysicalPages.PAGE_SHIFT;

    private final WindowsProfile profile;
    private final VirtualMemory kernel;
    private final KernelPool pool;
    private final boolean legacy;

    VadTreeWriter(WindowsProfile profile, VirtualMemory kernel, KernelPool pool) {
        this.profile = profile;
        this.kernel = kernel;
        this.pool = pool;
        this.legacy = profile.hasStruct("_MM_AVL_TABLE") && profile.has(SHORT, "LeftChild");
    }

    /** Whether this build uses the Windows 7 tree. */
    boolean legacy() {
        return legacy;
    }

    /**
     * Writes {@code vads} (sorted by start, not overlapping) for the process whose EPROCESS is at
     * {@code eprocess}; returns each VAD's node address in the same order.
     */
    List<Long> write(long eprocess, List<VadEntry> vads) {
        for (int i = 1; i < vads.size(); i++) {
            if (Long.compareUnsigned(vads.get(i).start(), vads.get(i - 1).end()) <= 0) {
                throw new IllegalArgumentException("VADs overlap or are unsorted at 0x" + Long.toHexString(vads.get(i).start()));
            }
        }
        List<Long> nodes = new ArrayList<>(vads.size());
        for (VadEntry vad : vads) {
            nodes.add(writeNode(eprocess, vad));
        }
        AvlShape shape = new AvlShape(vads.size());
        if (legacy) {
            writeLegacyTree(eprocess, nodes, shape);
        } else {
            writeBalancedTree(eprocess, nodes, shape);
        }
        return nodes;
    }

    private long writeNode(long eprocess, VadEntry vad) {
        boolean file = !vad.isPrivate();
        String struct = file ? LONG : SHORT;
        long node = pool.allocate(file ? "Vad " : "VadS", profile.structSize(struct), KernelPool.Kind.NON_PAGED);
        StructWriter w = new StructWriter(profile, kernel, SHORT, node);
        long startVpn = vad.start() >>> PAGE_SHIFT;
        long endVpn = vad.end() >>> PAGE_SHIFT;
        if (legacy) {
            w.ptr("StartingVpn", startVpn).ptr("EndingVpn", endVpn);
        } else {
            w.u32("StartingVpn", startVpn).u32("EndingVpn", endVpn);
            if (w.has("StartingVpnHigh")) {
                w.u8("StartingVpnHigh", startVpn >>> 32).u8("EndingVpnHigh", endVpn >>> 32);
            } else if ((endVpn >>> 32) != 0) {
                throw new IllegalArgumentException("this build's VADs cannot describe 0x" + Long.toHexString(vad.end()));
            }
        }
        w.bits("u.VadFlags.VadType", vad.vadType())
                .bits("u.VadFlags.Protection", vad.protection())
                .flag("u.VadFlags.PrivateMemory", vad.isPrivate());
        writeCommit(w, vad);
        if (file) {
            writeFileLinks(new StructWriter(profile, kernel, LONG, node), eprocess, vad);
        }
        return node;
    }

    /** MemCommit and CommitCharge: in VadFlags (Windows 7), VadFlags1 (1809 to 22H2), or the 24H2 layout. */
    private void writeCommit(StructWriter w, VadEntry vad) {
        if (w.has("u.VadFlags.MemCommit")) {
            w.flag("u.VadFlags.MemCommit", vad.memCommit()).bits("u.VadFlags.CommitCharge", vad.commitCharge());
        } else if (w.has("u1.VadFlags1.MemCommit")) {
            w.flag("u1.VadFlags1.MemCommit", vad.memCommit()).bits("u1.VadFlags1.CommitCharge", vad.commitCharge());
        } else {
            if (vad.isPrivate()) {
                w.flag("u.PrivateVadFlags.MemCommit", vad.memCommit());
            }
            w.u32("CommitCharge", vad.commitCharge());
        }
    }

    private void writeFileLinks(StructWriter w, long eprocess, VadEntry vad) {
        MappedFile file = vad.file();
        file.addView();
        int pteSize = MappedFiles.pteSize();
        w.ptr("Subsection", file.subsection())
                .ptr("FirstPrototypePte", file.prototypePtes())
                .ptr("LastContiguousPte", file.prototypePte(file.pages() - 1, pteSize))
                .emptyList("ViewLinks")
                .ptr("VadsProcess", eprocess);
        if (w.has("FileObject")) {
            w.ptr("FileObject", file.fileObject());
        }
    }

    private void writeBalancedTree(long eprocess, List<Long> nodes, AvlShape shape) {
        for (int i = 0; i < nodes.size(); i++) {
            StructWriter w = new StructWriter(profile, kernel, SHORT, nodes.get(i));
            long parent = shape.parent(i) == AvlShape.NONE ? 0 : nodes.get(shape.parent(i));
            w.ptr("VadNode.Left", shape.left(i) == AvlShape.NONE ? 0 : nodes.get(shape.left(i)))
                    .ptr("VadNode.Right", shape.right(i) == AvlShape.NONE ? 0 : nodes.get(shape.right(i)))
                    .ptr("VadNode.ParentValue", parent | (shape.balance(i) & 3));
        }
        StructWriter process = new StructWriter(profile, kernel, "_EPROCESS", eprocess);
        long root = shape.root() == AvlShape.NONE ? 0 : nodes.get(shape.root());
        process.at("VadRoot", "_RTL_AVL_TREE").ptr("Root", root);
        if (process.has("VadCount")) {
            process.ptr("VadCount", nodes.size());
        }
        if (process.has("VadHint")) {
            process.ptr("VadHint", root);
        }
    }

    private void writeLegacyTree(long eprocess, List<Long> nodes, AvlShape shape) {
        StructWriter process = new StructWriter(profile, kernel, "_EPROCESS", eprocess);
        StructWriter table = process.at("VadRoot", "_MM_AVL_TABLE");
        long sentinel = table.addressOf("BalancedRoot");
        for (int i = 0; i < nodes.size(); i++) {
            StructWriter w = new StructWriter(profile, kernel, SHORT, nodes.get(i));
            long parent = shape.parent(i) == AvlShape.NONE ? sentinel : nodes.get(shape.parent(i));
            w.ptr("u1.Parent", parent | (shape.balance(i) & 3))
                    .ptr("LeftChild", shape.left(i) == AvlShape.NONE ? 0 : nodes.get(shape.left(i)))
                    .ptr("RightChild", shape.right(i) == AvlShape.NONE ? 0 : nodes.get(shape.right(i)));
        }
        long root = shape.root() == AvlShape.NONE ? 0 : nodes.get(shape.root());
        StructWriter balancedRoot = table.at("BalancedRoot", "_MMADDRESS_NODE");
        balancedRoot.ptr("u1.Parent", sentinel).ptr("LeftChild", 0).ptr("RightChild", root);
        table.bits("DepthOfTree", shape.height()).bits("NumberGenericTableElements", nodes.size()).ptr("NodeHint", root);
    }
}
