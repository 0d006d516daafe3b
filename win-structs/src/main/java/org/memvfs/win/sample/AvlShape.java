package org.memvfs.win.sample;

/**
 * The shape of a height-balanced binary search tree over {@code n} nodes already sorted by key,
 * built as the kernel's AVL trees look after many insertions: every node's subtrees differ in
 * height by at most one. The middle node of each range becomes its root (the lower middle, so
 * that right subtrees are the taller ones), which keeps the tree balanced by construction.
 *
 * <p>Balance is right height minus left height (−1, 0 or +1), the convention of Windows'
 * {@code _RTL_BALANCED_NODE.Balance} and {@code _MMADDRESS_NODE.u1.Balance}.
 */
final class AvlShape {
    static final int NONE = -1;

    private final int[] left;
    private final int[] right;
    private final int[] parent;
    private final int[] balance;
    private final int[] height;
    private final int root;

    AvlShape(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a tree has at least zero nodes");
        }
        left = new int[n];
        right = new int[n];
        parent = new int[n];
        balance = new int[n];
        height = new int[n];
        root = build(0, n - 1, NONE);
    }

    private int build(int lo, int hi, int parentIndex) {
        if (lo > hi) {
            return NONE;
        }
        int mid = (lo + hi) >>> 1;
        parent[mid] = parentIndex;
        left[mid] = build(lo, mid - 1, mid);
        right[mid] = build(mid + 1, hi, mid);
        int lh = left[mid] == NONE ? 0 : height[left[mid]];
        int rh = right[mid] == NONE ? 0 : height[right[mid]];
        height[mid] = 1 + Math.max(lh, rh);
        balance[mid] = rh - lh;
        return mid;
    }

    int size() {
        return left.length;
    }

    /** The root's index, or {@link #NONE} for an empty tree. */
    int root() {
        return root;
    }

    int left(int i) {
        return left[i];
    }

    int right(int i) {
        return right[i];
    }

    int parent(int i) {
        return parent[i];
    }

    int balance(int i) {
        return balance[i];
    }

    /** The tree's height: 0 when empty, 1 for a single node. */
    int height() {
        return root == NONE ? 0 : height[root];
    }
}
