package org.memvfs.win.locate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.MappedPage;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.Va;
import org.memvfs.win.object.MemoryReader;

/**
 * Finds ntoskrnl in a kernel address space: a PE image (MZ, PE, the machine of the paging mode)
 * with a {@code POOLCODE} section and an export directory that calls itself the kernel, whose
 * tables lie inside the directory. Only mapped pages are looked at ({@link AddressSpace#pages}
 * skips empty table entries whole), in the range where Windows loads its kernel: 0xFFFFF800'00000000
 * to 0xFFFFF807'FFFFFFFF on x64, the upper 2 GiB on x86. With the entry point known (the low
 * stub), the 32 MiB below it are searched first.
 */
final class KernelImageScan {
    static final long X64_FIRST = 0xffff_f800_0000_0000L;
    static final long X64_LAST = 0xffff_f807_ffff_ffffL;
    static final long X86_FIRST = 0x8000_0000L;
    static final long X86_LAST = 0xffff_ffffL;
    static final long BELOW_ENTRY = 32L << 20;
    private static final int PAGE = 4096;
    /** Other PE images (drivers) looked at before giving up: a real kernel range holds a few hundred. */
    private static final int MAX_IMAGES = 4096;
    private static final Set<String> KERNEL_NAMES = Set.of("ntoskrnl.exe", "ntkrnlpa.exe", "ntkrnlmp.exe", "ntkrpamp.exe");
    private static final String KERNEL_SECTION = "POOLCODE";

    private KernelImageScan() {
    }

    /** The kernel in {@code space}, searched as the class says. */
    static Optional<KernelImage> find(AddressSpace space, MemoryReader reader, Va entryPoint, Steps steps) {
        boolean x64 = space.mode() == PagingMode.X64_4LEVEL || space.mode() == PagingMode.X64_5LEVEL;
        List<String> rejected = new ArrayList<>();
        int[] images = {0};
        if (entryPoint != null) {
            Va from = new Va(Math.max(entryPoint.value() - BELOW_ENTRY, x64 ? X64_FIRST : X86_FIRST)).alignDown(2 << 20);
            Optional<KernelImage> near = search(space, reader, from, entryPoint, rejected, images);
            if (near.isPresent() && near.get().contains(entryPoint)) {
                steps.add("ntoskrnl within 32 MiB below the entry point: " + describe(near.get()));
                return near;
            }
        }
        Optional<KernelImage> found = search(space, reader, new Va(x64 ? X64_FIRST : X86_FIRST),
                new Va(x64 ? X64_LAST : X86_LAST), rejected, images);
        if (!rejected.isEmpty()) {
            steps.add("PE images that are not the kernel: " + String.join("; ", rejected.subList(0, Math.min(5,
                    rejected.size()))) + (rejected.size() > 5 ? "; and " + (rejected.size() - 5) + " more" : ""));
        }
        found.ifPresentOrElse(k -> steps.add("ntoskrnl found by a PE scan of " + new Va(x64 ? X64_FIRST : X86_FIRST)
                + "-" + new Va(x64 ? X64_LAST : X86_LAST) + " (mapped pages only): " + describe(k)),
                () -> steps.add("no ntoskrnl image in " + new Va(x64 ? X64_FIRST : X86_FIRST) + "-"
                        + new Va(x64 ? X64_LAST : X86_LAST) + " under " + space.root()));
        return found;
    }

    /** The kernel at exactly {@code base}, as a hint names it: a PE image is enough. */
    static Optional<KernelImage> at(MemoryReader reader, Va base) {
        return PeImage.parse(reader, base).flatMap(pe -> pe.exports().map(exports ->
                new KernelImage(pe, exports, exports.name(), pe.codeView())));
    }

    private static Optional<KernelImage> search(AddressSpace space, MemoryReader reader, Va first, Va last,
            List<String> rejected, int[] images) {
        ByteBuffer magic = ByteBuffer.allocate(2);
        Iterator<MappedPage> pages = space.pages(first, last).iterator();
        while (pages.hasNext() && images[0] < MAX_IMAGES) {
            MappedPage page = pages.next();
            for (long offset = 0; offset < page.size(); offset += PAGE) {
                Va va = page.va().plus(offset);
                if (va.compareTo(first) < 0 || va.compareTo(last) > 0) {
                    continue;
                }
                magic.clear();
                if (!space.memory().read(new Pa(page.pa().value() + offset), magic).isComplete()
                        || magic.get(0) != 'M' || magic.get(1) != 'Z') {
                    continue;
                }
                images[0]++;
                Optional<KernelImage> kernel = kernelAt(reader, va, rejected);
                if (kernel.isPresent()) {
                    return kernel;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<KernelImage> kernelAt(MemoryReader reader, Va va, List<String> rejected) {
        List<String> refused = new ArrayList<>();
        Optional<PeImage> parsed = PeImage.parse(reader, va, refused);
        if (parsed.isEmpty()) {
            rejected.add(va + " (MZ, but " + String.join("; ", refused) + ")");
            return Optional.empty();
        }
        PeImage pe = parsed.get();
        if (!pe.matchesPointerSize(reader.pointerSize())) {
            rejected.add(va + " (not a " + (reader.pointerSize() * 8) + "-bit image)");
            return Optional.empty();
        }
        Optional<PeExports> exports = pe.exports();
        String name = exports.map(PeExports::name).orElse("");
        if (exports.isEmpty() || !KERNEL_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
            rejected.add(va + (name.isEmpty() ? " (no readable export directory)" : " (" + name + ")"));
            return Optional.empty();
        }
        if (!pe.hasSection(KERNEL_SECTION)) {
            rejected.add(va + " (" + name + " without a POOLCODE section)");
            return Optional.empty();
        }
        return Optional.of(new KernelImage(pe, exports.get(), name, pe.codeView()));
    }

    static String describe(KernelImage k) {
        return "base " + k.base() + ", SizeOfImage " + Hex.of(k.size()) + ", "
                + (k.pe().isPe32Plus() ? "PE32+" : "PE32") + " with a POOLCODE section, export directory '"
                + k.exportName() + "' (" + k.exports().nameCount() + " names)";
    }
}
