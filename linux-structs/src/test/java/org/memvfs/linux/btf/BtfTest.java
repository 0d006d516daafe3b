package org.memvfs.linux.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memvfs.linux.LinuxGuests;
import org.memvfs.linux.LinuxGuests.Format;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.linux.btf.BtfBlobBuilder.Member;
import org.memvfs.mmu.guest.GuestConfig;

class BtfTest {
    private final SampleBtf sample = new SampleBtf();
    private final Btf btf = sample.btf();

    @Test
    void aBlobWithEveryKindParsesAndCountsThem() {
        assertThat(btf.kindCounts().keySet()).containsAll(Arrays.stream(BtfKind.values()).filter(k -> k != BtfKind.UNKNOWN).toList());
        assertThat(btf.typeCount()).isEqualTo(btf.kindCounts().values().stream().mapToInt(Integer::intValue).sum());
        assertThat(btf.header().blobLength()).isEqualTo(sample.blob.length);
    }

    @Test
    void membersAreFoundThroughAnonymousUnionsAndStructsAndAlongDottedPaths() {
        assertThat(btf.requireField("task_struct", "hidden").offset()).isEqualTo(24);
        assertThat(btf.requireField("task_struct", "also").offset()).isEqualTo(28);
        assertThat(btf.requireField("task_struct", "whole").offset()).isEqualTo(24);
        assertThat(btf.requireField("task_struct", "pending.list.prev").offset()).isEqualTo(32 + 8);
        assertThat(btf.requireField("task_struct", "pending.signal").offset()).isEqualTo(48);
        assertThat(btf.field("task_struct", "pending.nothing")).isEmpty();
        assertThat(btf.field("task_struct", "state.deeper")).as("a path through an integer").isEmpty();
        assertThat(btf.field("no_such_struct", "x")).isEmpty();
        assertThat(btf.field("task_struct", "pending..list")).as("an empty name matches no anonymous member").isEmpty();
        assertThat(btf.field("task_struct", "")).isEmpty();
    }

    @Test
    void theStructIsTheDefinitionNotItsForwardDeclaration() {
        assertThat(btf.requireStruct("list_head").kind()).isEqualTo(BtfKind.STRUCT);
        assertThat(btf.requireStruct("list_head").size()).isEqualTo(16);
        assertThat(btf.named("list_head", BtfKind.FWD)).isPresent();
    }

    @Test
    void bitfieldsComeFromKindFlagOffsetsOrFromTheOldIntEncoding() {
        BtfField low = btf.requireField("flags_word", "low");
        BtfField high = btf.requireField("flags_word", "high");
        assertThat(low.isBitfield()).isTrue();
        assertThat(low.bitSize()).isEqualTo(3);
        assertThat(high.bitOffset()).isEqualTo(3);
        assertThat(high.bitSize()).isEqualTo(29);
        BtfField first = btf.requireField("old_flags", "first");
        assertThat(first.bitSize()).isEqualTo(5);
        assertThat(btf.requireField("task_struct", "tasks").isBitfield()).isFalse();
    }

    @Test
    void sizesFollowTypedefsQualifiersArraysAndPointers() {
        assertThat(btf.sizeOf(btf.requireField("task_struct", "comm").type())).isEqualTo(16);
        assertThat(btf.sizeOf(btf.requireField("task_struct", "start").type())).isEqualTo(8);
        assertThat(btf.sizeOf(btf.requireField("task_struct", "self").type())).isEqualTo(Btf.POINTER_BYTES);
        assertThat(btf.resolve(sample.constLong).name()).isEqualTo("long unsigned int");
        assertThat(btf.sizeOf("task_struct")).isEqualTo(96);
        assertThatThrownBy(() -> btf.sizeOf(sample.function)).isInstanceOf(MissingTypeException.class);
    }

    @Test
    void enumeratorsAreSignedWhenTheKindFlagSaysSoAnd64BitWide() {
        assertThat(btf.requireEnumerator("GONE")).isEqualTo(-1);
        assertThat(btf.requireEnumerator("BIG")).isEqualTo(0x1_0000_0002L);
        assertThat(btf.enumerator("NOTHING")).isEmpty();
        assertThatThrownBy(() -> btf.requireEnumerator("NOTHING")).isInstanceOf(MissingTypeException.class)
                .hasMessageContaining("NOTHING");
    }

    @Test
    void everyListHeadOfAStructIsFoundWhereverItNests() {
        List<String> paths = btf.fieldsOfType("task_struct", "list_head").stream().map(BtfField::path).toList();
        assertThat(paths).containsExactly("tasks", "pending.list");
        assertThat(btf.fieldsOfType("task_struct", "list_head").get(1).offset()).isEqualTo(32);
    }

    @Test
    void aMissingMemberIsNamedWithItsStruct() {
        assertThatThrownBy(() -> btf.requireField("task_struct", "thread_node")).isInstanceOf(MissingTypeException.class)
                .hasMessageContaining("task_struct.thread_node");
        assertThatThrownBy(() -> btf.requireField("mm_struct", "pgd")).hasMessageContaining("no struct mm_struct");
        assertThatThrownBy(() -> btf.requireStruct("mm_struct")).isInstanceOf(MissingTypeException.class);
    }

    @Test
    void aTypedefLoopIsRefusedNotFollowedForever() {
        BtfBlobBuilder b = new BtfBlobBuilder();
        int a = b.rawType(b.string("a"), BtfBlobBuilder.info(BtfKind.TYPEDEF, 0, false), 2);
        b.rawType(b.string("b"), BtfBlobBuilder.info(BtfKind.TYPEDEF, 0, false), 1);
        Btf loop = BtfBlobBuilder.parse(b.build());
        assertThatThrownBy(() -> loop.resolve(a)).isInstanceOf(BtfFormatException.class).hasMessageContaining("chain");
    }

    @Test
    void deeplyNestedAnonymousMembersEndTheSearchInsteadOfRecursingForever() {
        BtfBlobBuilder b = new BtfBlobBuilder();
        int u32 = b.intType("unsigned int", 4, 32, 0);
        int inner = b.struct("", 4, Member.at("deep", u32, 0));
        for (int i = 0; i < 40; i++) {
            inner = b.struct("", 4, Member.at("", inner, 0));
        }
        b.struct("outer", 4, Member.at("", inner, 0));
        Btf nested = BtfBlobBuilder.parse(b.build());
        assertThat(nested.field("outer", "deep")).isEmpty();
    }

    @Test
    void aBlobShorterThanItsHeaderSaysIsCutShort() {
        byte[] cut = Arrays.copyOf(sample.blob, sample.blob.length - 10);
        assertThatThrownBy(() -> Btf.parse(ByteBuffer.wrap(cut))).isInstanceOf(BtfFormatException.class)
                .hasMessageContaining("cut short");
    }

    @Test
    void theRealKernelsBtfDescribesItsStructsAsTheNotesSay() {
        Btf kernel = LinuxGuests.kernel(new Image(GuestConfig.B, Format.RAW)).discovery().btf();
        assertThat(kernel.typeCount()).isEqualTo(100_750);
        assertThat(kernel.kindCounts()).containsKeys(BtfKind.STRUCT, BtfKind.UNION, BtfKind.ENUM64, BtfKind.FUNC_PROTO, BtfKind.DATASEC);
        assertThat(kernel.sizeOf(kernel.requireField("task_struct", "comm").type())).isEqualTo(16);
        // mm_mt sits inside an anonymous struct of mm_struct
        assertThat(kernel.requireStruct("mm_struct").members()).noneMatch(m -> m.name().equals("mm_mt"));
        assertThat(kernel.requireField("mm_struct", "mm_mt").offset()).isZero();
        assertThat(kernel.requireField("signal_struct", "has_child_subreaper").bitSize()).isEqualTo(1);
        assertThat(kernel.requireEnumerator("maple_arange_64")).isEqualTo(3);
        assertThat(kernel.requireField("dentry", "d_name.len").offset()).isEqualTo(kernel.requireField("dentry", "d_name").offset() + 4);
    }
}
