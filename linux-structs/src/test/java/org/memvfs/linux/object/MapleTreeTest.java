package org.memvfs.linux.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.linux.LinuxGuests;
import org.memvfs.linux.LinuxGuests.Format;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.linux.LinuxKernel;
import org.memvfs.linux.PatchedImage;
import org.memvfs.linux.PatchedImage.Patch;
import org.memvfs.linux.btf.Btf;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.Workload;

/**
 * The maple tree walk on a real workload's tree (configuration A: an arange_64 root over two
 * leaf_64 nodes), then on copies of the image with one node made bad in each way a corrupt or
 * changing tree can be: every walk ends, names the node, and keeps what it could read.
 */
class MapleTreeTest {
    private static final Image A = new Image(GuestConfig.A, Format.RAW);
    @TempDir
    static Path directory;
    private static PatchedImage copy;
    private static LinuxKernel clean;
    private static Btf btf;
    private static MmStruct mm;
    private static Va tree;
    private static long rootEntry;
    private static Pa rootNode;
    private static List<Vma> vmas;

    @BeforeAll
    static void copyTheImage() {
        clean = LinuxGuests.kernel(A);
        btf = clean.discovery().btf();
        copy = PatchedImage.copyOf(A.path(), directory);
        Workload spin = A.capture().workloads().stream().filter(w -> w.mode().equals("spin")).findFirst().orElseThrow();
        mm = clean.process(spin.pid()).orElseThrow().mm().orElseThrow();
        vmas = mm.vmas().items();
        tree = mm.address().plus(btf.requireField("mm_struct", "mm_mt").offset());
        rootEntry = clean.kernelSpace().memory().readLong(pa(tree.plus(btf.requireField("maple_tree", "ma_root").offset())));
        rootNode = pa(new Va(rootEntry & ~MapleTree.NODE_MASK));
    }

    private static Pa pa(Va va) {
        return clean.kernelSpace().translate(va).pa().orElseThrow();
    }

    private static long offset(String struct, String member) {
        return btf.requireField(struct, member).offset();
    }

    /** The tree read from the patched copy, with the clean image's kernel facts. */
    private static WalkResult<MapleTree.Entry> walk(List<Patch> patches, WalkLimits limits) {
        return copy.with(patches, memory -> tree(memory, limits).entries(tree, "test tree"));
    }

    private static MapleTree tree(PhysicalMemory memory, WalkLimits limits) {
        AddressSpace space = AddressSpace.of(memory, clean.mode(), clean.kernelSpace().root());
        return new MapleTree(new KernelMemory(space), new MapleLayout(btf), limits);
    }

    private static long childEntry(int slot) {
        return clean.kernelSpace().memory().readLong(rootNode.plus(offset("maple_arange_64", "slot") + 8L * slot));
    }

    @Test
    void theRealTreeIsAnArangeRootOverLeavesAndItsEntriesAreTheVmas() {
        assertThat((rootEntry >>> MapleTree.TYPE_SHIFT) & MapleTree.TYPE_MASK).isEqualTo(btf.requireEnumerator("maple_arange_64"));
        WalkResult<MapleTree.Entry> entries = walk(List.of(), WalkLimits.DEFAULT);
        assertThat(entries.problems()).isEmpty();
        assertThat(entries.items()).hasSize(vmas.size());
        for (int i = 0; i < vmas.size(); i++) {
            MapleTree.Entry entry = entries.items().get(i);
            assertThat(entry.value()).isEqualTo(vmas.get(i).address());
            assertThat(entry.first()).isEqualTo(vmas.get(i).start().value());
            assertThat(entry.last()).isEqualTo(vmas.get(i).end().value() - 1);
        }
    }

    @Test
    void aChildThatDoesNotReadLosesItsSubtreeOnly() {
        long unmapped = clean.discovery().pageOffsetBase().value() + (64L << 30); // far beyond the guest's RAM
        long child = childEntry(1);
        Patch patch = Patch.u64(rootNode.value() + offset("maple_arange_64", "slot") + 8, unmapped | (child & MapleTree.NODE_MASK));
        WalkResult<MapleTree.Entry> entries = walk(List.of(patch), WalkLimits.DEFAULT);
        assertThat(entries.items()).isNotEmpty().hasSizeLessThan(vmas.size());
        assertThat(entries.items().get(0).value()).isEqualTo(vmas.get(0).address());
        assertThat(entries.problems()).singleElement().asString().contains("maple node 0x" + Long.toHexString(unmapped))
                .contains("cannot read").contains("skipped");
    }

    @Test
    void aNodeThatPointsBackAtItselfIsALoopAndIsWalkedOnce() {
        long loop = rootEntry; // the root's own encoded entry, put into its second slot
        Patch patch = Patch.u64(rootNode.value() + offset("maple_arange_64", "slot") + 8, loop);
        WalkResult<MapleTree.Entry> entries = walk(List.of(patch), WalkLimits.DEFAULT);
        assertThat(entries.problems()).singleElement().asString().contains("reached twice").contains("loops");
        assertThat(entries.items()).hasSizeLessThan(vmas.size());
    }

    @Test
    void aDeadNodeAWrongTypeAndImpossibleMetadataAreEachNamed() {
        Pa leaf = pa(new Va(childEntry(0) & ~MapleTree.NODE_MASK));
        long leafAddress = childEntry(0) & ~MapleTree.NODE_MASK;
        WalkResult<MapleTree.Entry> dead = walk(List.of(Patch.u64(leaf.value() + offset("maple_range_64", "parent"), leafAddress)),
                WalkLimits.DEFAULT);
        assertThat(dead.problems()).singleElement().asString().contains("is dead");

        long dense = childEntry(0) & ~(MapleTree.TYPE_MASK << MapleTree.TYPE_SHIFT);
        WalkResult<MapleTree.Entry> wrongType = walk(List.of(Patch.u64(rootNode.value() + offset("maple_arange_64", "slot"), dense)),
                WalkLimits.DEFAULT);
        assertThat(wrongType.problems()).singleElement().asString().contains("has type 0");

        long metaEnd = rootNode.value() + offset("maple_arange_64", "meta") + offset("maple_metadata", "end");
        WalkResult<MapleTree.Entry> metadata = walk(List.of(new Patch(metaEnd, new byte[] {(byte) 200})), WalkLimits.DEFAULT);
        assertThat(metadata.items()).isEmpty();
        assertThat(metadata.problems()).singleElement().asString().contains("uses 201 slots of 10");
    }

    @Test
    void pivotsOutOfOrderEndTheNodeWithWhatCameBefore() {
        Pa leaf = pa(new Va(childEntry(0) & ~MapleTree.NODE_MASK));
        long pivots = leaf.value() + offset("maple_range_64", "pivot");
        WalkResult<MapleTree.Entry> entries = walk(List.of(Patch.u64(pivots + 16, 0x1000)), WalkLimits.DEFAULT);
        assertThat(entries.problems()).anySatisfy(p -> assertThat(p).contains("slot 2 ends at 0x1000"));
        assertThat(entries.items()).hasSizeLessThan(vmas.size());
    }

    @Test
    void theLimitsOnDepthAndEntriesHold() {
        WalkLimits shallow = new WalkLimits(10, 10, 1000, 1, 10, 100);
        WalkResult<MapleTree.Entry> entries = walk(List.of(), shallow);
        assertThat(entries.items()).isEmpty();
        assertThat(entries.problems()).hasSize(2).allSatisfy(p -> assertThat(p).contains("deeper than 1 levels"));
        WalkResult<MapleTree.Entry> few = walk(List.of(), new WalkLimits(10, 10, 3, 32, 10, 100));
        assertThat(few.items()).hasSize(3);
        assertThat(few.problems()).singleElement().asString().contains("more than 3 entries");
    }

    @Test
    void anEntryThatIsNotTheVmaOfItsRangeIsLeftOutOfTheVmas() {
        Pa leaf = pa(new Va(childEntry(0) & ~MapleTree.NODE_MASK));
        long slots = leaf.value() + offset("maple_range_64", "slot");
        // the leaf's slot 1 (the first VMA: slot 0 is the gap below it) now points at the second VMA
        Patch patch = Patch.u64(slots + 8, vmas.get(1).address().value());
        WalkResult<Vma> result = copy.with(List.of(patch), memory -> {
            AddressSpace space = AddressSpace.of(memory, clean.mode(), clean.kernelSpace().root());
            return new KernelObjects(btf, space, WalkLimits.DEFAULT).mm(mm.address()).vmas();
        });
        assertThat(result.items()).hasSize(vmas.size() - 1);
        assertThat(result.problems()).singleElement().asString().contains("points at " + vmas.get(1).address()).contains("left out");
    }

    @Test
    void aRootThatDoesNotReadIsAProblemNotAnException() {
        long unmapped = clean.discovery().pageOffsetBase().value() + (64L << 30);
        Patch patch = Patch.u64(pa(tree.plus(offset("maple_tree", "ma_root"))).value(), unmapped | (rootEntry & MapleTree.NODE_MASK));
        WalkResult<MapleTree.Entry> entries = walk(List.of(patch), WalkLimits.DEFAULT);
        assertThat(entries.items()).isEmpty();
        assertThat(entries.problems()).singleElement().asString().contains("cannot read");
    }

    @Test
    void dataEndFollowsTheKernelsRules() {
        long max = -1L;
        long[] partial = new long[15];
        partial[0] = 0x3fffff;
        assertThat(MapleTree.dataEnd(true, partial, max, 4)).as("last pivot 0: the metadata says").isEqualTo(4);
        long[] full = new long[15];
        full[14] = max;
        assertThat(MapleTree.dataEnd(true, full, max, 0)).as("last pivot at the node's max").isEqualTo(14);
        full[14] = 0x7fff;
        assertThat(MapleTree.dataEnd(true, full, max, 0)).as("all 16 slots").isEqualTo(15);
        assertThat(MapleTree.dataEnd(false, full, max, 1)).as("arange: always the metadata").isEqualTo(1);
        assertThat(MapleTree.isNode(0xffff8c8b171f9f1eL)).isTrue();
        assertThat(MapleTree.isNode(0x402)).as("a reserved value").isFalse();
        assertThat(MapleTree.isNode(0xffff8c8b02468000L)).as("a plain pointer").isFalse();
    }
}
