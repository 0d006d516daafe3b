package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every process's VAD tree read back: a valid AVL tree, in address order, with the manifest's flags. */
class VadTreeWriterTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    /** One node as read: its children, parent and stored balance. */
    private record Node(long address, long left, long right, long parent, int balance) {
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void vadTreesAreBalancedSearchTreesMatchingTheManifest(String id) {
        ImageReader r = SampleFixtures.reader(id);
        boolean legacy = r.profile.hasStruct("_MM_AVL_TABLE");
        for (SampleProcess p : r.manifest.processes()) {
            Map<Long, Node> nodes = new HashMap<>();
            long root = readTree(r, p.eprocess().value(), legacy, nodes);
            List<Long> inOrder = inOrder(root, nodes);
            assertThat(inOrder).as(p.imageFileName()).containsExactlyElementsOf(p.vads().stream().map(v -> v.node().value()).toList());
            if (root != 0) {
                height(root, nodes);
            }
            if (r.profile.has("_EPROCESS", "VadCount")) {
                assertThat(r.pointerField(p.eprocess().value(), "_EPROCESS", "VadCount")).isEqualTo(p.vads().size());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void nodesHoldRangesAndFlagsWhereTheBuildKeepsThem(String id) {
        ImageReader r = SampleFixtures.reader(id);
        boolean legacy = r.profile.hasStruct("_MM_AVL_TABLE");
        String s = "_MMVAD_SHORT";
        for (SampleProcess p : r.manifest.processes()) {
            for (SampleVad v : p.vads()) {
                long n = v.node().value();
                long start;
                long end;
                if (legacy) {
                    start = r.pointerField(n, s, "StartingVpn") << 12;
                    end = (r.pointerField(n, s, "EndingVpn") << 12) | 0xFFF;
                } else {
                    long high = r.profile.has(s, "StartingVpnHigh") ? r.field(n, s, "StartingVpnHigh", 1) : 0;
                    long endHigh = r.profile.has(s, "EndingVpnHigh") ? r.field(n, s, "EndingVpnHigh", 1) : 0;
                    start = ((high << 32) | r.field(n, s, "StartingVpn", 4)) << 12;
                    end = ((((endHigh << 32) | r.field(n, s, "EndingVpn", 4))) << 12) | 0xFFF;
                }
                assertThat(start).isEqualTo(v.start().value());
                assertThat(end).isEqualTo(v.end().value());
                assertThat(r.bits(n, s, "u.VadFlags.VadType")).isEqualTo(v.vadType());
                assertThat(r.bits(n, s, "u.VadFlags.Protection")).isEqualTo(v.protection());
                assertThat(r.bits(n, s, "u.VadFlags.PrivateMemory") == 1).isEqualTo(v.privateMemory());
                assertThat(memCommit(r, n, v)).isEqualTo(v.memCommit());
                assertThat(r.poolTag(n)).isEqualTo(v.privateMemory() ? "VadS" : "Vad ");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void oneProcessHasTenThousandVads(String id) {
        SampleManifest m = SampleFixtures.image(id).manifest();
        assertThat(m.processes().stream().mapToInt(p -> p.vads().size()).max().orElse(0)).isGreaterThanOrEqualTo(10_000);
        assertThat(m.process(4).vads()).isNotEmpty();
    }

    private static boolean memCommit(ImageReader r, long node, SampleVad v) {
        String s = "_MMVAD_SHORT";
        if (r.profile.has(s, "u.VadFlags.MemCommit")) {
            return r.bits(node, s, "u.VadFlags.MemCommit") == 1;
        }
        if (r.profile.has(s, "u1.VadFlags1.MemCommit")) {
            return r.bits(node, s, "u1.VadFlags1.MemCommit") == 1;
        }
        return v.privateMemory() && r.bits(node, s, "u.PrivateVadFlags.MemCommit") == 1;
    }

    private static long readTree(ImageReader r, long eprocess, boolean legacy, Map<Long, Node> nodes) {
        String s = "_MMVAD_SHORT";
        long root;
        long rootParent;
        if (legacy) {
            long table = eprocess + r.profile.offset("_EPROCESS", "VadRoot");
            long sentinel = table + r.profile.offset("_MM_AVL_TABLE", "BalancedRoot");
            assertThat(r.pointer(sentinel + r.profile.offset("_MMADDRESS_NODE", "u1.Parent"))).isEqualTo(sentinel);
            root = r.pointer(sentinel + r.profile.offset("_MMADDRESS_NODE", "RightChild"));
            rootParent = sentinel;
        } else {
            root = r.pointer(eprocess + r.profile.offset("_EPROCESS", "VadRoot") + r.profile.offset("_RTL_AVL_TREE", "Root"));
            rootParent = 0;
        }
        Deque<long[]> work = new ArrayDeque<>();
        if (root != 0) {
            work.push(new long[] {root, rootParent});
        }
        while (!work.isEmpty()) {
            long[] item = work.pop();
            long n = item[0];
            long left = r.pointerField(n, s, legacy ? "LeftChild" : "VadNode.Left");
            long right = r.pointerField(n, s, legacy ? "RightChild" : "VadNode.Right");
            long parentValue = r.pointerField(n, s, legacy ? "u1.Parent" : "VadNode.ParentValue");
            int balance = (int) (parentValue & 3);
            Node node = new Node(n, left, right, parentValue & ~3L, balance == 3 ? -1 : balance);
            assertThat(node.parent()).isEqualTo(item[1]);
            assertThat(nodes.put(n, node)).isNull();
            assertThat(nodes.size()).isLessThan(200_000);
            if (left != 0) {
                work.push(new long[] {left, n});
            }
            if (right != 0) {
                work.push(new long[] {right, n});
            }
        }
        return root;
    }

    private static List<Long> inOrder(long root, Map<Long, Node> nodes) {
        List<Long> out = new ArrayList<>();
        Deque<Long> stack = new ArrayDeque<>();
        long at = root;
        while (at != 0 || !stack.isEmpty()) {
            while (at != 0) {
                stack.push(at);
                at = nodes.get(at).left();
            }
            long n = stack.pop();
            out.add(n);
            at = nodes.get(n).right();
        }
        return out;
    }

    /** The subtree's height, checking AVL balance and the stored balance on the way. */
    private static int height(long n, Map<Long, Node> nodes) {
        Node node = nodes.get(n);
        int left = node.left() == 0 ? 0 : height(node.left(), nodes);
        int right = node.right() == 0 ? 0 : height(node.right(), nodes);
        assertThat(Math.abs(right - left)).isLessThanOrEqualTo(1);
        assertThat(node.balance()).isEqualTo(right - left);
        return 1 + Math.max(left, right);
    }
}
