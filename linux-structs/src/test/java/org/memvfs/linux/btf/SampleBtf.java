package org.memvfs.linux.btf;

import org.memvfs.linux.btf.BtfBlobBuilder.Member;

/**
 * A small BTF blob with one type of every kind, shaped like the kernel's: a {@code list_head}, a
 * task with an anonymous union holding an anonymous struct, nested named structs, kind_flag
 * bitfields, an old-style INT bitfield, enums, a typedef chain and what functions and variables
 * bring along.
 */
final class SampleBtf {
    int u8;
    int u32;
    int u64;
    int listHead;
    int listPointer;
    int pending;
    int task;
    int bits;
    int oldBits;
    int longTypedef;
    int constLong;
    int state;
    int wide;
    int prototype;
    int function;
    int variable;
    int section;
    int floatType;
    int tag;
    int typeTag;
    int forward;
    int commArray;
    int union;
    final byte[] blob;

    SampleBtf() {
        BtfBlobBuilder b = new BtfBlobBuilder();
        u8 = b.intType("unsigned char", 1, 8, 0);
        u32 = b.intType("unsigned int", 4, 32, 0);
        u64 = b.intType("long unsigned int", 8, 64, 0);
        forward = b.forward("list_head", false); // a forward declaration before the definition
        listPointer = b.pointer(forward);
        listHead = b.struct("list_head", 16, Member.at("next", listPointer, 0), Member.at("prev", listPointer, 8));
        pending = b.struct("sigpending", 24, Member.at("list", listHead, 0), Member.at("signal", u64, 16));
        commArray = b.array(u8, u32, 16);
        int anonymousStruct = b.struct("", 8, Member.at("hidden", u32, 0), Member.at("also", u32, 4));
        union = b.union("", 8, Member.at("", anonymousStruct, 0), Member.at("whole", u64, 0));
        longTypedef = b.typedef("u64_t", u64);
        constLong = b.qualifier(BtfKind.CONST, longTypedef);
        state = b.enumType("task_state", 4, true, "RUNNING", 0, "GONE", -1);
        wide = b.enum64("wide", "BIG", 0x1_0000_0002L);
        task = b.struct("task_struct", 96,
                Member.at("state", u32, 0),
                Member.at("tasks", listHead, 8),
                Member.at("", union, 24),
                Member.at("pending", pending, 32),
                Member.at("comm", commArray, 56),
                Member.at("start", constLong, 72),
                Member.at("kind", state, 80),
                Member.at("self", b.qualifier(BtfKind.VOLATILE, b.pointer(0)), 88));
        bits = b.struct("flags_word", 4, new Member("low", u32, 0, 3), new Member("high", u32, 3, 29));
        oldBits = b.struct("old_flags", 4, Member.at("first", b.intBitfield("unsigned int", 4, 0, 5), 0));
        prototype = b.prototype(u32, "task", b.pointer(task), "", 0);
        function = b.function("schedule", prototype, 1);
        variable = b.variable("runqueues", u64, 1);
        section = b.dataSection(".data..percpu", 8, variable, 0, 8);
        floatType = b.floatType("double", 8);
        tag = b.declTag("user", task, 1);
        typeTag = b.typeTag("rcu", u64);
        b.qualifier(BtfKind.RESTRICT, listPointer);
        blob = b.build();
    }

    Btf btf() {
        return BtfBlobBuilder.parse(blob);
    }
}
