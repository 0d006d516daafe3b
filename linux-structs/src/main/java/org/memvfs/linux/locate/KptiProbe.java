package org.memvfs.linux.locate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;

/**
 * Tells whether the kernel runs with page-table isolation (KPTI). Under KPTI a process's top table
 * is two pages: the kernel's, and after it the user copy that CR3 holds in user mode. The kernel
 * copies every user-half entry into the user page ({@code pti_set_user_pgtbl}) and sets NX on its
 * own copy. So the page after a process's table repeats its user half, NX aside; without KPTI
 * the next page is some other page.
 */
final class KptiProbe {
    private static final int ENTRY = Long.BYTES;

    private KptiProbe() {
    }

    /** Whether the page after {@code table} (a process's top table) is its KPTI user copy. */
    static boolean isKpti(PhysicalMemory memory, Pa table) {
        if (table.value() % (2 * KernelAddresses.PAGE_SIZE) != 0) {
            return false; // KPTI allocates the pair 8 KiB aligned
        }
        ByteBuffer kernel = page(memory, table);
        ByteBuffer user = page(memory, table.plus(KernelAddresses.KPTI_USER_TABLE_OFFSET));
        if (kernel == null || user == null) {
            return false;
        }
        int present = 0;
        for (int i = 0; i < KernelAddresses.USER_TOP_ENTRIES; i++) {
            long k = kernel.getLong(ENTRY * i);
            long u = user.getLong(ENTRY * i);
            if ((k & ~KernelAddresses.PTE_NO_EXECUTE) != (u & ~KernelAddresses.PTE_NO_EXECUTE)) {
                return false;
            }
            if ((k & KernelAddresses.PTE_PRESENT) != 0) {
                present++;
            }
        }
        return present > 0;
    }

    private static ByteBuffer page(PhysicalMemory memory, Pa at) {
        ByteBuffer page = ByteBuffer.allocate(KernelAddresses.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        return memory.read(at, page).isComplete() ? page : null;
    }
}
