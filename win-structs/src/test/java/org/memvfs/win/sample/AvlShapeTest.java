package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AvlShapeTest {
    @Test
    void everySizeGivesABalancedSearchTreeWithCorrectBalances() {
        for (int n = 0; n <= 300; n++) {
            check(new AvlShape(n), n);
        }
        check(new AvlShape(10_000), 10_000);
    }

    @Test
    void heightIsLogarithmic() {
        assertThat(new AvlShape(0).height()).isZero();
        assertThat(new AvlShape(1).height()).isEqualTo(1);
        assertThat(new AvlShape(7).height()).isEqualTo(3);
        assertThat(new AvlShape(10_050).height()).isEqualTo(14);
    }

    private static void check(AvlShape shape, int n) {
        if (n == 0) {
            assertThat(shape.root()).isEqualTo(AvlShape.NONE);
            return;
        }
        assertThat(shape.parent(shape.root())).isEqualTo(AvlShape.NONE);
        int[] visited = {0};
        int height = walk(shape, shape.root(), Integer.MIN_VALUE, Integer.MAX_VALUE, visited);
        assertThat(visited[0]).isEqualTo(n);
        assertThat(height).isEqualTo(shape.height());
    }

    /** Checks order, parent links, balance; returns the height. */
    private static int walk(AvlShape s, int node, int low, int high, int[] visited) {
        assertThat(node).isGreaterThan(low).isLessThan(high);
        visited[0]++;
        int left = 0;
        int right = 0;
        if (s.left(node) != AvlShape.NONE) {
            assertThat(s.parent(s.left(node))).isEqualTo(node);
            left = walk(s, s.left(node), low, node, visited);
        }
        if (s.right(node) != AvlShape.NONE) {
            assertThat(s.parent(s.right(node))).isEqualTo(node);
            right = walk(s, s.right(node), node, high, visited);
        }
        assertThat(s.balance(node)).isEqualTo(right - left).isBetween(-1, 1);
        return 1 + Math.max(left, right);
    }
}
