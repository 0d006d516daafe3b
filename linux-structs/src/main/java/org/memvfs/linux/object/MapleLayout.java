package org.memvfs.linux.object;

import org.memvfs.linux.btf.Btf;
import org.memvfs.linux.btf.BtfField;
import org.memvfs.linux.btf.BtfType;

/**
 * The maple tree's node layouts ({@code maple_range_64} leaves and internal nodes,
 * {@code maple_arange_64} internal nodes with gaps), their slot and pivot counts from the array
 * lengths BTF gives, and the node type numbers from {@code enum maple_type}.
 */
final class MapleLayout {
    final long root;
    final int nodeSize;
    final long parent;
    final long rangePivots;
    final int rangePivotCount;
    final long rangeSlots;
    final int rangeSlotCount;
    final long rangeMetaEnd;
    final long arangePivots;
    final int arangePivotCount;
    final long arangeSlots;
    final int arangeSlotCount;
    final long arangeMetaEnd;
    final int typeDense;
    final int typeLeaf64;
    final int typeRange64;
    final int typeArange64;

    MapleLayout(Btf btf) {
        root = btf.requireField("maple_tree", "ma_root").offset();
        nodeSize = (int) btf.sizeOf("maple_node");
        parent = btf.requireField("maple_range_64", "parent").offset();
        long metaEnd = btf.requireField("maple_metadata", "end").offset();
        BtfField rangePivot = btf.requireField("maple_range_64", "pivot");
        rangePivots = rangePivot.offset();
        rangePivotCount = length(btf, rangePivot);
        BtfField rangeSlot = btf.requireField("maple_range_64", "slot");
        rangeSlots = rangeSlot.offset();
        rangeSlotCount = length(btf, rangeSlot);
        rangeMetaEnd = btf.requireField("maple_range_64", "meta").offset() + metaEnd;
        BtfField arangePivot = btf.requireField("maple_arange_64", "pivot");
        arangePivots = arangePivot.offset();
        arangePivotCount = length(btf, arangePivot);
        BtfField arangeSlot = btf.requireField("maple_arange_64", "slot");
        arangeSlots = arangeSlot.offset();
        arangeSlotCount = length(btf, arangeSlot);
        arangeMetaEnd = btf.requireField("maple_arange_64", "meta").offset() + metaEnd;
        typeDense = (int) btf.requireEnumerator("maple_dense");
        typeLeaf64 = (int) btf.requireEnumerator("maple_leaf_64");
        typeRange64 = (int) btf.requireEnumerator("maple_range_64");
        typeArange64 = (int) btf.requireEnumerator("maple_arange_64");
    }

    private static int length(Btf btf, BtfField field) {
        BtfType array = btf.resolve(field.type());
        return (int) array.arrayLength();
    }
}
