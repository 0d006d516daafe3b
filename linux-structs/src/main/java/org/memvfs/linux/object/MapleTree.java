package org.memvfs.linux.object;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Va;

/**
 * Reads the entries of a maple tree ({@code lib/maple_tree.c}) in index order. A root that is an
 * encoded node ({@code xa_is_node}: low bits {@code 10}, above 4096) leads to nodes; an encoded
 * node is the node's 256-byte-aligned address with its type in bits 3–6. {@code maple_leaf_64}
 * nodes hold entries, {@code maple_range_64} and {@code maple_arange_64} nodes hold children; slot
 * {@code i} covers the indices from the previous pivot + 1 to {@code pivot[i]}, the last one to the
 * node's own maximum. How many slots a node uses follows the kernel's {@code ma_data_end()}.
 * The walk is bounded in depth, node count and entry count; a node that does not read or does not
 * make sense ends its subtree with a problem line, and the walk goes on with the next one.
 */
final class MapleTree {
    /** {@code MAPLE_NODE_MASK}: nodes are 256-byte aligned, the low byte of an encoded node holds flags. */
    static final long NODE_MASK = 0xff;
    /** {@code MAPLE_NODE_TYPE_SHIFT} and {@code MAPLE_NODE_TYPE_MASK}: where an encoded node keeps its type. */
    static final int TYPE_SHIFT = 3;
    static final int TYPE_MASK = 0x0f;
    /** {@code xa_is_internal}: the low two bits of an internal entry (such as an encoded node) are {@code 10}. */
    static final long INTERNAL_TAG_MASK = 3;
    static final long INTERNAL_TAG = 2;
    /** {@code xa_is_node} also requires more than this ({@code MAPLE_RESERVED_RANGE}): smaller values are special entries. */
    static final long RESERVED_RANGE = 4096;

    /** One stored entry and the index range it covers (both inclusive, unsigned). */
    record Entry(long first, long last, Va value) {
    }

    private final KernelMemory memory;
    private final MapleLayout layout;
    private final WalkLimits limits;

    MapleTree(KernelMemory memory, MapleLayout layout, WalkLimits limits) {
        this.memory = memory;
        this.layout = layout;
        this.limits = limits;
    }

    /** The entries of the tree whose {@code struct maple_tree} is at {@code tree}. */
    WalkResult<Entry> entries(Va tree, String owner) {
        long root;
        try {
            root = memory.u64(tree.plus(layout.root), "the maple tree root of " + owner);
        } catch (MemoryException e) {
            return WalkResult.failed(e.getMessage());
        }
        Walk walk = new Walk(owner);
        if (root == 0) {
            return walk.result();
        }
        if (!isNode(root)) {
            walk.entries.add(new Entry(0, 0, new Va(root))); // a tree of one entry keeps it in the root
            return walk.result();
        }
        walk.node(root, 0, -1L, 0);
        return walk.result();
    }

    static boolean isNode(long entry) {
        return (entry & INTERNAL_TAG_MASK) == INTERNAL_TAG && Long.compareUnsigned(entry, RESERVED_RANGE) > 0;
    }

    /** The state of one walk: what it found, what went wrong, where it has been. */
    private final class Walk {
        final String owner;
        final List<Entry> entries = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final Set<Long> visited = new HashSet<>();
        boolean stopped;

        Walk(String owner) {
            this.owner = owner;
        }

        WalkResult<Entry> result() {
            return new WalkResult<>(entries, problems);
        }

        private void problem(String text) {
            problems.add(owner + ": " + text);
        }

        void node(long encoded, long min, long max, int depth) {
            if (stopped) {
                return;
            }
            long address = encoded & ~NODE_MASK;
            int type = (int) ((encoded >>> TYPE_SHIFT) & TYPE_MASK);
            String where = "maple node " + Hex.of(address) + " [" + Hex.of(min) + ", " + Hex.of(max) + "]";
            if (depth >= limits.maxTreeDepth()) {
                problem(where + " is deeper than " + limits.maxTreeDepth() + " levels: the rest of this subtree is skipped");
                return;
            }
            if (!visited.add(address)) {
                problem(where + " was reached twice: the tree loops, this branch is skipped");
                return;
            }
            boolean leaf = type == layout.typeLeaf64;
            boolean range = leaf || type == layout.typeRange64;
            if (!range && type != layout.typeArange64) {
                problem(where + " has type " + type + ", which a VMA tree does not use: the subtree is skipped");
                return;
            }
            ByteBuffer node;
            try {
                node = memory.read(new Va(address), layout.nodeSize, where);
            } catch (MemoryException e) {
                problem(e.getMessage() + ": the subtree is skipped");
                return;
            }
            if ((node.getLong((int) layout.parent) & ~NODE_MASK) == address) {
                problem(where + " is dead (its parent is itself): a tree being changed; the subtree is skipped");
                return;
            }
            int pivotCount = range ? layout.rangePivotCount : layout.arangePivotCount;
            long pivotsAt = range ? layout.rangePivots : layout.arangePivots;
            long slotsAt = range ? layout.rangeSlots : layout.arangeSlots;
            int slotCount = range ? layout.rangeSlotCount : layout.arangeSlotCount;
            long[] pivots = new long[pivotCount];
            for (int i = 0; i < pivotCount; i++) {
                pivots[i] = node.getLong((int) pivotsAt + 8 * i);
            }
            int metaEnd = Byte.toUnsignedInt(node.get((int) (range ? layout.rangeMetaEnd : layout.arangeMetaEnd)));
            int end = dataEnd(range, pivots, max, metaEnd);
            if (end >= slotCount) {
                problem(where + " says it uses " + (end + 1) + " slots of " + slotCount + ": the subtree is skipped");
                return;
            }
            long slotMin = min;
            for (int i = 0; i <= end && !stopped; i++) {
                long slotMax = i < pivotCount ? pivots[i] : max;
                if (i > 0 && slotMax == 0) {
                    break; // a zero pivot after the first slot: no more data
                }
                if (Long.compareUnsigned(slotMax, slotMin) < 0 || Long.compareUnsigned(slotMax, max) > 0) {
                    problem(where + " slot " + i + " ends at " + Hex.of(slotMax) + ", outside [" + Hex.of(slotMin) + ", "
                            + Hex.of(max) + "]: the rest of the node is skipped");
                    return;
                }
                long slot = node.getLong((int) slotsAt + 8 * i);
                if (leaf) {
                    entry(slotMin, slotMax, slot);
                } else if (slot != 0) {
                    node(slot, slotMin, slotMax, depth + 1);
                }
                if (slotMax == max) {
                    break;
                }
                slotMin = slotMax + 1;
            }
        }

        private void entry(long first, long last, long value) {
            if (value == 0 || (value & INTERNAL_TAG_MASK) == INTERNAL_TAG) {
                return; // a gap, or a special entry the kernel keeps for itself
            }
            if (entries.size() >= limits.maxRegions()) {
                problem("more than " + limits.maxRegions() + " entries: the walk stops there");
                stopped = true;
                return;
            }
            entries.add(new Entry(first, last, new Va(value)));
        }
    }

    /**
     * The last slot in use, as {@code ma_data_end()} says: an arange node records it in its
     * metadata; a range node is full when its last pivot is the node's maximum (or beyond it, one
     * slot more), and otherwise records it in the metadata that shares the last slot's space.
     */
    static int dataEnd(boolean range, long[] pivots, long max, int metaEnd) {
        if (!range) {
            return metaEnd;
        }
        int last = pivots.length - 1;
        if (pivots[last] == 0) {
            return metaEnd;
        }
        if (pivots[last] == max) {
            return last;
        }
        return pivots.length;
    }
}
