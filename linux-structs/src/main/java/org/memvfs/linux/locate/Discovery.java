package org.memvfs.linux.locate;

import java.util.List;
import java.util.Optional;
import org.memvfs.linux.btf.Btf;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.Va;

/**
 * What discovery found in an image, with the reasons in {@link #steps()}.
 *
 * @param btf            the kernel's type information
 * @param btfAt          where its blob starts in physical memory
 * @param initTask       {@code init_task}'s kernel-image address
 * @param initTaskAt     its physical address
 * @param physBase       {@code phys_base}: kernel-image addresses map to {@code PA = VA - 0xffffffff80000000 + phys_base},
 *                       wrapping at 2^64 (it is "negative" when KASLR moved the image down)
 * @param pageOffsetBase {@code page_offset_base}: the direct map's start ({@code VA = page_offset_base + PA})
 * @param mode           4- or 5-level paging
 * @param topTable       the kernel's top page table (the root of {@code init_mm})
 * @param kpti           whether user processes run on KPTI's user copy of their table (CR3 = table | 0x1000)
 * @param banner         the kernel's version line ({@code linux_banner} without its newline)
 * @param release        {@code init_uts_ns.name.release}, such as {@code 6.1.0-56-amd64}
 * @param clock          the kernel's wall clock, when its timekeeper was found
 * @param steps          how each of the above was found, one line each, for {@code sys/version.txt} and {@code memvfs info}
 */
public record Discovery(Btf btf, Pa btfAt, Va initTask, Pa initTaskAt, Pa physBase, Va pageOffsetBase, PagingMode mode,
        Pa topTable, boolean kpti, String banner, String release, Optional<KernelClock> clock, List<String> steps) {

    public Discovery {
        steps = List.copyOf(steps);
    }

    /** The physical address of a kernel-image virtual address. */
    public Pa kernelImagePa(Va va) {
        return new Pa(va.value() - KernelAddresses.KERNEL_IMAGE_BASE + physBase.value());
    }

    /** The direct-map virtual address of a physical address. */
    public Va directMapVa(Pa pa) {
        return new Va(pageOffsetBase.value() + pa.value());
    }

    @Override
    public String toString() {
        return "Linux " + release + ": init_task " + initTask + ", phys_base " + Hex.of(physBase.value()) + ", page_offset_base "
                + pageOffsetBase + ", " + mode.displayName() + ", top table " + topTable + (kpti ? ", KPTI" : "");
    }
}
