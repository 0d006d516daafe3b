package org.memvfs.win.sample;

import org.memvfs.win.profile.WindowsProfile;

/**
 * The kernel debugger data block ({@code _KDDEBUGGER_DATA64}, "KDBG") at
 * {@code KdDebuggerDataBlock}: a header (a list entry linking it into
 * {@code KdpDebuggerDataListHead}, OwnerTag 'KDBG', Size) and the addresses of kernel variables
 * (PsActiveProcessHead, PsLoadedModuleList, MmPfnDatabase …) and structure offsets debuggers need.
 * Every address is the address of the variable, not its value. On 32-bit Windows the 64-bit
 * address fields hold sign-extended 32-bit addresses.
 *
 * <p>On x64 Windows 8 and later the block is stored encoded unless a debugger is attached; the
 * sample encodes it (with {@link KdbgCodec}) exactly when the profile names the RVAs of
 * KdDebuggerDataBlock, KdpDataBlockEncoded, KiWaitNever and KiWaitAlways, writing those two keys
 * and the byte KdpDataBlockEncoded = 1 there; otherwise the block is plain.
 */
final class DebuggerDataBlock {
    static final String STRUCT = "_KDDEBUGGER_DATA64";
    /** 'KDBG' as the little-endian ULONG OwnerTag holds it. */
    static final int OWNER_TAG = 0x4742_444B;
    static final long KI_WAIT_NEVER = 0x5E1A_2B3C_4D6F_7081L;
    static final long KI_WAIT_ALWAYS = 0x9C2D_43F1_0A6B_E257L;

    private DebuggerDataBlock() {
    }

    /** Whether this profile's block is stored encoded. */
    static boolean encoded(WindowsProfile profile) {
        return profile.is64Bit() && profile.buildNumber() >= 9200
                && profile.symbolRva("KdDebuggerDataBlock").isPresent()
                && profile.symbolRva("KdpDataBlockEncoded").isPresent()
                && profile.symbolRva("KiWaitNever").isPresent()
                && profile.symbolRva("KiWaitAlways").isPresent();
    }

    /** Writes the block (and the list head, and the keys when encoded); returns the plain block's bytes. */
    static byte[] write(WindowsProfile profile, NtoskrnlImage ntos) {
        byte[] block = plain(profile, ntos);
        long listHead = ntos.va("KdpDebuggerDataListHead");
        long blockVa = ntos.va("KdDebuggerDataBlock");
        byte[] head = new byte[2 * profile.pointerSize()];
        LittleEndian.put(head, 0, blockVa, profile.pointerSize());
        LittleEndian.put(head, profile.pointerSize(), blockVa, profile.pointerSize());
        ntos.put("KdpDebuggerDataListHead", head);
        if (encoded(profile)) {
            ntos.putValue("KiWaitNever", KI_WAIT_NEVER, 8);
            ntos.putValue("KiWaitAlways", KI_WAIT_ALWAYS, 8);
            ntos.putValue("KdpDataBlockEncoded", 1, 1);
            ntos.put("KdDebuggerDataBlock", codec(ntos).encode(block));
        } else {
            if (ntos.has("KdpDataBlockEncoded")) {
                ntos.putValue("KdpDataBlockEncoded", 0, 1);
            }
            ntos.put("KdDebuggerDataBlock", block);
        }
        return block;
    }

    static KdbgCodec codec(NtoskrnlImage ntos) {
        return new KdbgCodec(KI_WAIT_NEVER, KI_WAIT_ALWAYS, ntos.va("KdpDataBlockEncoded"));
    }

    private static byte[] plain(WindowsProfile profile, NtoskrnlImage ntos) {
        int size = profile.structSize(STRUCT);
        byte[] b = new byte[size];
        Fields f = new Fields(profile, b);
        long listHead = ntos.va("KdpDebuggerDataListHead");
        int list = profile.offset(STRUCT, "Header") + profile.offset("_DBGKD_DEBUG_DATA_HEADER64", "List");
        f.address(list + profile.offset("LIST_ENTRY64", "Flink"), listHead);
        f.address(list + profile.offset("LIST_ENTRY64", "Blink"), listHead);
        f.put("Header.OwnerTag", OWNER_TAG, 4);
        f.put("Header.Size", size, 4);
        f.address(profile.offset(STRUCT, "KernBase"), ntos.base());
        for (String variable : new String[] {"PsLoadedModuleList", "PsActiveProcessHead", "ObpTypeObjectType",
            "MmPfnDatabase", "MmHighestUserAddress", "MmSystemRangeStart", "NtBuildLab"}) {
            f.address(profile.offset(STRUCT, variable), ntos.va(variable));
        }
        f.offset("OffsetKThreadTeb", "_KTHREAD", "Teb");
        f.offset("OffsetKThreadKernelStack", "_KTHREAD", "KernelStack");
        f.offset("OffsetKThreadInitialStack", "_KTHREAD", "InitialStack");
        f.offset("OffsetKThreadApcProcess", "_KTHREAD", "ApcState.Process");
        f.offset("OffsetKThreadState", "_KTHREAD", "State");
        f.offset("OffsetKThreadNextProcessor", "_KTHREAD", "NextProcessor");
        f.offset("OffsetEprocessPeb", "_EPROCESS", "Peb");
        f.offset("OffsetEprocessParentCID", "_EPROCESS", "InheritedFromUniqueProcessId");
        f.offset("OffsetEprocessDirectoryTableBase", "_EPROCESS", "Pcb.DirectoryTableBase");
        f.put("SizeEProcess", profile.structSize("_EPROCESS"), 2);
        f.put("SizeEThread", profile.structSize("_ETHREAD"), 2);
        return b;
    }

    /** Field setters over the block's bytes, by the profile's offsets. */
    private record Fields(WindowsProfile profile, byte[] block) {
        void put(String field, long value, int size) {
            LittleEndian.put(block, profile.offset(STRUCT, field), value, size);
        }

        /** A 64-bit address field; 32-bit kernels store their addresses sign-extended. */
        void address(int at, long va) {
            long value = profile.is64Bit() ? va : (long) (int) va;
            LittleEndian.putLong(block, at, value);
        }

        /** A 16-bit offset field, when the profile knows the member it describes. */
        void offset(String field, String struct, String member) {
            if (profile.has(struct, member)) {
                put(field, profile.offset(struct, member), 2);
            }
        }
    }
}
