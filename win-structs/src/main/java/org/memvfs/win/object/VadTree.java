package org.memvfs.win.object;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Walks a process's VAD tree in order (ascending addresses), bounded by a visited set, a maximum
 * node count and a maximum depth. A node seen twice, a child that is not a kernel address, a node
 * that cannot be read, or a subtree deeper than the limit is skipped and reported; the walk goes
 * on with the rest of the tree. A tree that walks cleanly but holds fewer or more nodes than the
 * kernel counts is reported too.
 *
 * <p>The tree's shape differs by build: Windows 7 keeps an {@code _MM_AVL_TABLE} whose
 * {@code BalancedRoot} is a sentinel node whose right child is the real root, and links nodes
 * through {@code LeftChild}/{@code RightChild}; Windows 8.1 and later keep an {@code _RTL_AVL_TREE}
 * ({@code Root}) of {@code _RTL_BALANCED_NODE}s ({@code VadNode.Left}/{@code VadNode.Right}).
 */
final class VadTree {
    private static final String NODE = "_MMVAD_SHORT";

    private final KernelObjects kernel;
    private final WindowsProfile profile;
    private final String owner;
    private final boolean win7;
    private final List<String> problems = new ArrayList<>();

    private VadTree(KernelObjects kernel, String owner) {
        this.kernel = kernel;
        this.profile = kernel.profile();
        this.owner = owner;
        this.win7 = profile.has("_EPROCESS", "VadRoot.BalancedRoot");
    }

    /** The VAD nodes of {@code eprocess}, as views of {@code _MMVAD_SHORT}, in address order. */
    static WalkResult<StructView> walk(KernelObjects kernel, StructView eprocess, String owner) {
        return new VadTree(kernel, owner).walk(eprocess);
    }

    /** A node on the path from the root, its right child read when it was entered. */
    private record Frame(StructView node, Va right, int depth) {
    }

    private WalkResult<StructView> walk(StructView eprocess) {
        Va root;
        try {
            root = win7 ? rootWin7(eprocess) : rootWin8(eprocess);
        } catch (MemoryException e) {
            return WalkResult.failed(e.what());
        }
        List<StructView> nodes = new ArrayList<>();
        Set<Va> visited = new HashSet<>();
        Deque<Frame> path = new ArrayDeque<>();
        int maxNodes = kernel.limits().maxVads();
        int maxDepth = kernel.limits().maxVadDepth();
        boolean tooDeep = false;
        Va next = root;
        int depth = 1;
        while (next != null || !path.isEmpty()) {
            while (next != null) {
                if (depth > maxDepth) {
                    if (!tooDeep) {
                        problems.add("VAD tree of " + owner + " is deeper than " + maxDepth + " levels at node " + next
                                + "; the nodes from there down are skipped");
                        tooDeep = true;
                    }
                    break;
                }
                if (!visited.add(next)) {
                    problems.add("VAD tree of " + owner + ": node " + next + " is reached twice (a cycle); skipped");
                    break;
                }
                if (visited.size() > maxNodes) {
                    problems.add("VAD tree of " + owner + ": more than " + maxNodes + " nodes; stopped there");
                    return new WalkResult<>(nodes, problems);
                }
                StructView node = eprocess.at(NODE, next, "VAD node of " + owner);
                Va left;
                Va right;
                try {
                    left = child(node, true);
                    right = child(node, false);
                } catch (MemoryException e) {
                    // the node itself cannot be read: it is not listed, and neither is what hangs below it
                    problems.add(e.what() + "; that node and its subtree are skipped");
                    break;
                }
                path.push(new Frame(node, right, depth));
                next = left;
                depth++;
            }
            if (path.isEmpty()) {
                break;
            }
            Frame frame = path.pop();
            nodes.add(frame.node());
            next = frame.right();
            depth = frame.depth() + 1;
        }
        if (problems.isEmpty()) {
            checkCount(eprocess, nodes.size());
        }
        return new WalkResult<>(nodes, problems);
    }

    /**
     * The kernel counts the nodes of the tree ({@code _EPROCESS.VadCount} from Windows 8.1,
     * {@code VadRoot.NumberGenericTableElements} on Windows 7): a tree that holds fewer than that
     * lost a subtree to a pointer that reads as null, which nothing else would show.
     */
    private void checkCount(StructView eprocess, int found) {
        try {
            long count = win7 ? eprocess.bits("VadRoot.NumberGenericTableElements")
                    : eprocess.has("VadCount") ? eprocess.pointerSized("VadCount") : -1;
            if (count >= 0 && count != found) {
                problems.add("VAD tree of " + owner + ": the kernel counts " + count + " nodes, the tree holds " + found);
            }
        } catch (MemoryException e) {
            problems.add(e.what());
        }
    }

    /** Windows 7: the real root is the right child of the sentinel {@code VadRoot.BalancedRoot}. */
    private Va rootWin7(StructView eprocess) {
        return nonNull(eprocess.pointer("VadRoot.BalancedRoot.RightChild"));
    }

    /** Windows 8.1 and later: {@code VadRoot.Root} of the {@code _RTL_AVL_TREE}. */
    private Va rootWin8(StructView eprocess) {
        return nonNull(eprocess.pointer("VadRoot.Root"));
    }

    /**
     * A child of {@code node}, or null when there is none or it is not a kernel address (reported).
     *
     * @throws MemoryException when the node cannot be read
     */
    private Va child(StructView node, boolean left) {
        String field = win7 ? (left ? "LeftChild" : "RightChild") : (left ? "VadNode.Left" : "VadNode.Right");
        Va child = nonNull(node.pointer(field));
        if (child != null && !kernel.isKernelAddress(child)) {
            problems.add("VAD node " + node.address() + " of " + owner + ": " + field + " " + child
                    + " is not a kernel address; skipped");
            return null;
        }
        return child;
    }

    private static Va nonNull(Va va) {
        return va.value() == 0 ? null : va;
    }
}
