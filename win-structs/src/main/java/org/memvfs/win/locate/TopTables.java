package org.memvfs.win.locate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.PhysicalMemory;

/**
 * The candidate top page tables of an image, best first, each source tried only when the ones
 * before it are used up: a given DTB; the CR3 the image's notes recorded; the x64 low stub; then
 * the self-map scans for x64, x86 PAE and 32-bit x86. The same table is offered once.
 */
final class TopTables implements Iterator<TopTable> {
    private static final int SCAN_CANDIDATES = 8;

    private final Deque<Supplier<List<TopTable>>> sources = new ArrayDeque<>();
    private final Deque<TopTable> pending = new ArrayDeque<>();
    private final Set<String> offered = new HashSet<>();

    TopTables(PhysicalMemory memory, KernelHints hints, Steps steps) {
        if (hints.dtb() != null) {
            sources.add(() -> {
                List<PagingMode> modes = hints.mode() != null ? List.of(hints.mode())
                        : List.of(PagingMode.X64_4LEVEL, PagingMode.X86_PAE, PagingMode.X86_32);
                return modes.stream().map(m -> new TopTable(m, m.rootOf(hints.dtb().value()),
                        "the DTB given (" + hints.dtb() + ", " + m.displayName() + ")", null)).toList();
            });
        }
        sources.add(() -> memory.cpus().stream().filter(c -> c.pagingMode() != null)
                .map(c -> new TopTable(c.pagingMode(), c.root(c.pagingMode()), "CR3 of cpu " + c.cpu()
                        + " in the image's notes (" + c.pagingMode().displayName() + ")", null))
                .toList());
        sources.add(() -> LowStub.find(memory).map(stub -> {
            steps.add("x64 low stub (PROCESSOR_START_BLOCK) at " + stub.stub() + ": kernel entry point "
                    + stub.entryPoint() + ", PML4 " + stub.pml4());
            return List.of(new TopTable(PagingMode.X64_4LEVEL, stub.pml4(), "the PML4 of the low stub at " + stub.stub(),
                    stub.entryPoint()));
        }).orElseGet(() -> {
            steps.add("no x64 low stub in the first MiB (first qword & ffffffffffff00ff = 00000001000600e9)");
            return List.of();
        }));
        sources.add(() -> scanned(SelfMapScan.x64(memory, SCAN_CANDIDATES), "x64 PML4", steps));
        sources.add(() -> scanned(SelfMapScan.pae(memory, SCAN_CANDIDATES), "x86 PAE PDPT", steps));
        sources.add(() -> scanned(SelfMapScan.x86(memory, SCAN_CANDIDATES), "x86 page directory", steps));
    }

    private static List<TopTable> scanned(List<SelfMapScan.Candidate> found, String kind, Steps steps) {
        steps.add("scan for a self-referencing " + kind + ": " + (found.isEmpty() ? "none" : found.size() + " found"));
        return found.stream().map(c -> new TopTable(c.mode(), c.root(), c.how(), null)).toList();
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !sources.isEmpty()) {
            for (TopTable table : sources.poll().get()) {
                if (offered.add(table.mode().id() + "@" + table.root())) {
                    pending.add(table);
                }
            }
        }
        return !pending.isEmpty();
    }

    @Override
    public TopTable next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }
}
