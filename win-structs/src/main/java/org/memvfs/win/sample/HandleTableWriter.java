package org.memvfs.win.sample;

import java.util.List;
import org.memvfs.win.profile.BitField;
import org.memvfs.win.profile.WindowsProfile;

/**
 * A process's handle table: the {@code _HANDLE_TABLE} in a pool block tagged "Obtb", whose
 * TableCode (level 0: no low bits) points at one page of {@code _HANDLE_TABLE_ENTRY}s. Entry 0 is
 * unused; handle {@code 4 * i} is entry {@code i}. Each entry names the object's header:
 * from Windows 8.1 on through ObjectPointerBits (the header address without its sign-extended top
 * 16 bits and its low 4 bits on x64, without its low 3 bits on x86) with Unlocked set; on Windows 7
 * as the header address with bit 0 (unlocked) set.
 */
final class HandleTableWriter {
    private static final int GRANTED_ALL = 0x1F_FFFF;

    private HandleTableWriter() {
    }

    /** Writes a table holding handles to {@code objectBodies}; returns the table's address. */
    static long write(BuildContext ctx, long eprocess, int pid, List<Long> objectBodies) {
        WindowsProfile p = ctx.profile;
        long table = ctx.pool.allocate("Obtb", p.structSize("_HANDLE_TABLE"), KernelPool.Kind.PAGED);
        long entries = ctx.pool.allocateBig(PhysicalPages.PAGE, KernelPool.Kind.PAGED);
        int entrySize = p.structSize("_HANDLE_TABLE_ENTRY");
        for (int i = 0; i < objectBodies.size(); i++) {
            writeEntry(ctx, entries + (long) (i + 1) * entrySize, ctx.objects.headerOf(objectBodies.get(i)));
        }
        StructWriter t = new StructWriter(p, ctx.kernel, "_HANDLE_TABLE", table);
        t.ptr("TableCode", entries).ptr("QuotaProcess", eprocess).emptyList("HandleTableList");
        t.value("UniqueProcessId", pid);
        if (t.has("NextHandleNeedingPool")) {
            t.u32("NextHandleNeedingPool", PhysicalPages.PAGE / entrySize * 4);
        }
        if (t.has("HandleCount")) {
            t.u32("HandleCount", objectBodies.size());
        }
        return table;
    }

    private static void writeEntry(BuildContext ctx, long at, long header) {
        WindowsProfile p = ctx.profile;
        StructWriter e = new StructWriter(p, ctx.kernel, "_HANDLE_TABLE_ENTRY", at);
        if (e.has("ObjectPointerBits")) {
            BitField bits = p.bitField("_HANDLE_TABLE_ENTRY", "ObjectPointerBits");
            int addressBits = p.is64Bit() ? 48 : 32;
            int shift = addressBits - bits.bitLength();
            e.bits("ObjectPointerBits", (header & ((1L << addressBits) - 1)) >>> shift).flag("Unlocked", true);
            e.bits("GrantedAccessBits", GRANTED_ALL);
        } else {
            e.ptr("Object", header | 1).u32("GrantedAccess", GRANTED_ALL);
        }
    }
}
