package org.memvfs.win.sample;

import org.memvfs.win.profile.WindowsProfile;

/**
 * The few structure layouts the sample needs where a profile lacks the struct (the Windows 11 24H2
 * profile is a partial transcription without {@code _DISPATCHER_HEADER}, {@code _KSYSTEM_TIME},
 * {@code _TEB} or {@code _NT_TIB}). These structs' heads have kept the same shape since Windows
 * XP (wdm.h declares {@code DISPATCHER_HEADER} and {@code KSYSTEM_TIME}; the x64 TEB head is
 * {@code NT_TIB} then {@code ClientId} at 0x40 and {@code ProcessEnvironmentBlock} at 0x60, the
 * same in every profile that has it), so the values below are those documented facts. Every other
 * profile takes them from the profile.
 */
final class DocumentedLayouts {
    /** DISPATCHER_HEADER: Type (byte 0), Size (byte 2, in 32-bit units), SignalState (dword 4). */
    static final int DISPATCHER_TYPE = 0;
    static final int DISPATCHER_SIZE = 2;
    static final int DISPATCHER_SIGNAL_STATE = 4;
    /** KSYSTEM_TIME: LowPart, High1Time, High2Time, 32 bits each. */
    static final int SYSTEM_TIME_LOW = 0;
    static final int SYSTEM_TIME_HIGH1 = 4;
    static final int SYSTEM_TIME_HIGH2 = 8;
    /** The x64 TEB's head: NT_TIB (StackBase 8, StackLimit 0x10, Self 0x30), ClientId 0x40, PEB 0x60. */
    static final int TEB64_STACK_BASE = 0x08;
    static final int TEB64_STACK_LIMIT = 0x10;
    static final int TEB64_SELF = 0x30;
    static final int TEB64_CLIENT_ID = 0x40;
    static final int TEB64_PEB = 0x60;
    /** sizeof(TEB) on x64 Windows 11: two pages are reserved for it. */
    static final int TEB64_SIZE = 0x1850;

    private DocumentedLayouts() {
    }

    /** Writes a dispatcher header at {@code at}: the profile's layout when it has the struct, else the documented one. */
    static void dispatcherHeader(WindowsProfile profile, VirtualMemory memory, long at, int type, int sizeInDwords,
            int signalState) {
        if (profile.hasStruct("_DISPATCHER_HEADER")) {
            new StructWriter(profile, memory, "_DISPATCHER_HEADER", at)
                    .u8("Type", type).u8("Size", sizeInDwords & 0xFF).u32("SignalState", signalState);
        } else {
            memory.put(at + DISPATCHER_TYPE, type, 1);
            memory.put(at + DISPATCHER_SIZE, sizeInDwords & 0xFF, 1);
            memory.put(at + DISPATCHER_SIGNAL_STATE, signalState, 4);
        }
    }

    /** Writes a KSYSTEM_TIME holding {@code value} at {@code at}. */
    static void systemTime(WindowsProfile profile, VirtualMemory memory, long at, long value) {
        int low = profile.hasStruct("_KSYSTEM_TIME") ? profile.offset("_KSYSTEM_TIME", "LowPart") : SYSTEM_TIME_LOW;
        int high1 = profile.hasStruct("_KSYSTEM_TIME") ? profile.offset("_KSYSTEM_TIME", "High1Time") : SYSTEM_TIME_HIGH1;
        int high2 = profile.hasStruct("_KSYSTEM_TIME") ? profile.offset("_KSYSTEM_TIME", "High2Time") : SYSTEM_TIME_HIGH2;
        memory.put(at + low, value, 4);
        memory.put(at + high1, value >>> 32, 4);
        memory.put(at + high2, value >>> 32, 4);
    }
}
