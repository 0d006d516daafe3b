package org.memvfs.linux.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BtfTypeTest {
    private final SampleBtf sample = new SampleBtf();
    private final Btf btf = sample.btf();

    @Test
    void integersTellTheirSizeWidthAndEncoding() {
        BtfType u32 = btf.type(sample.u32);
        assertThat(u32.kind()).isEqualTo(BtfKind.INT);
        assertThat(u32.name()).isEqualTo("unsigned int");
        assertThat(u32.size()).isEqualTo(4);
        assertThat(u32.intBits()).isEqualTo(32);
        assertThat(u32.intEncoding()).isZero();
        assertThat(u32.intBitOffset()).isZero();
    }

    @Test
    void pointersTypedefsAndQualifiersNameTheTypeTheyRefer() {
        assertThat(btf.type(sample.listPointer).referencedType()).isEqualTo(sample.forward);
        assertThat(btf.type(sample.longTypedef).referencedType()).isEqualTo(sample.u64);
        assertThat(btf.type(sample.constLong).kind()).isEqualTo(BtfKind.CONST);
        assertThat(btf.type(sample.constLong).kind().isModifier()).isTrue();
        assertThat(btf.type(sample.typeTag).kind()).isEqualTo(BtfKind.TYPE_TAG);
        assertThat(btf.type(sample.typeTag).name()).isEqualTo("rcu");
    }

    @Test
    void arraysTellElementIndexAndLength() {
        BtfType comm = btf.type(sample.commArray);
        assertThat(comm.arrayElementType()).isEqualTo(sample.u8);
        assertThat(comm.arrayIndexType()).isEqualTo(sample.u32);
        assertThat(comm.arrayLength()).isEqualTo(16);
        assertThat(comm.name()).isEmpty();
    }

    @Test
    void structsAndUnionsListTheirMembersInOrderAnonymousOnesWithoutNames() {
        BtfType task = btf.type(sample.task);
        assertThat(BtfBlobBuilder.memberNames(task)).containsExactly("state", "tasks", "", "pending", "comm", "start", "kind", "self");
        assertThat(task.members().get(2).isAnonymous()).isTrue();
        assertThat(task.members().get(3).bitOffset()).isEqualTo(32 * 8);
        assertThat(btf.type(sample.union).kind()).isEqualTo(BtfKind.UNION);
        assertThat(btf.type(sample.bits).kindFlag()).isTrue();
        assertThat(btf.type(sample.bits).members().get(1).bitSize()).isEqualTo(29);
    }

    @Test
    void enumsListTheirValues() {
        assertThat(btf.type(sample.state).enumerators()).containsExactly(new BtfEnumerator("RUNNING", 0),
                new BtfEnumerator("GONE", -1));
        assertThat(btf.type(sample.wide).enumerators()).containsExactly(new BtfEnumerator("BIG", 0x1_0000_0002L));
    }

    @Test
    void functionsPrototypesVariablesSectionsFloatsAndTagsDecode() {
        BtfType function = btf.type(sample.function);
        assertThat(function.referencedType()).isEqualTo(sample.prototype);
        assertThat(function.vlen()).as("linkage: global").isEqualTo(1);
        BtfType prototype = btf.type(sample.prototype);
        assertThat(prototype.referencedType()).isEqualTo(sample.u32);
        assertThat(prototype.params()).hasSize(2);
        assertThat(prototype.params().get(0).name()).isEqualTo("task");
        assertThat(prototype.params().get(1)).as("variadic").isEqualTo(new BtfParam("", 0));
        assertThat(btf.type(sample.variable).varLinkage()).isEqualTo(1);
        assertThat(btf.type(sample.section).sectionVars()).containsExactly(new BtfSectionVar(sample.variable, 0, 8));
        assertThat(btf.type(sample.floatType).size()).isEqualTo(8);
        assertThat(btf.type(sample.tag).declTagComponent()).isEqualTo(1);
        assertThat(btf.type(sample.forward).kind()).isEqualTo(BtfKind.FWD);
        assertThat(btf.type(sample.forward).kindFlag()).as("a struct, not a union").isFalse();
    }

    @Test
    void askingAKindForWhatItDoesNotHaveFails() {
        assertThatThrownBy(() -> btf.type(sample.u32).members()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("INT");
        assertThatThrownBy(() -> btf.type(sample.task).arrayLength()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> btf.type(sample.listPointer).size()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> btf.type(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> btf.type(btf.typeCount() + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typesAreEqualByBlobAndId() {
        assertThat(btf.type(sample.task)).isEqualTo(btf.type(sample.task)).isNotEqualTo(btf.type(sample.u32));
        assertThat(btf.type(sample.task).toString()).contains("STRUCT task_struct");
    }
}
