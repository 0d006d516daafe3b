package org.memvfs.vfs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.InvalidAddressException;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingLevel;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.WalkStep;

/**
 * {@code virt2phys/}: write an address into {@code virt.txt}; {@code phys.txt} shows where it
 * goes, {@code map.txt} the walk (MemProcFS's format, plus a line saying why it stopped), the
 * {@code pt_*.mem} files the table read at each level and {@code page.mem} the page itself.
 * Every file has a fixed size and is computed when read from the address of the moment.
 */
final class VirtToPhysModule implements ProcessModule {
    private static final int PAGE = 4096;
    private static final int ADDRESS_LINE = 17;
    private static final String README = """
            virt2phys: follow one virtual address of this process through its page tables.

            virt.txt   the address, 16 hex digits. Write a new one: echo 0x7ff6c0001234 > virt.txt
                       (0x prefix optional, either case, one write of the whole value).
            phys.txt   the physical address it translates to, 0000000000000000 when none.
            map.txt    one line per paging level: level, table physical address, +entry offset,
                       raw entry; then PAGE and the physical page; levels not reached are zero.
                       The last line says how the walk ended.
            pt_*.mem   the 4 KiB table read at each level (zeros where the walk did not get).
            page.mem   the 4 KiB page that holds the address (zeros when there is none).
            """;

    @Override
    public String directory() {
        return "virt2phys";
    }

    @Override
    public void addEntries(ProcessContext context, EntriesDirectory directory) {
        directory.add("virt.txt", () -> new AddressFile(context.state()));
        directory.add("phys.txt", () -> computed(ADDRESS_LINE, () -> line(physical(translation(context)))));
        directory.add("map.txt", () -> computed(mapSize(context), () -> map(translation(context))));
        directory.add("readme.txt", () -> BytesFile.line(README.strip()));
        for (PagingLevel level : context.process().addressSpace().mode().levels()) {
            String name = "pt_" + level.name().toLowerCase(Locale.ROOT) + ".mem";
            directory.add(name, () -> new PageFile(context, t -> t.step(level).map(step -> step.table().alignDown(PAGE)).orElse(null)));
        }
        directory.add("page.mem", () -> new PageFile(context,
                t -> t.pa().map(pa -> pa.alignDown(PAGE)).orElse(null)));
    }

    private static Translation translation(ProcessContext context) {
        return context.process().addressSpace().translate(context.state().virtualAddress());
    }

    private static long physical(Translation t) {
        return t.pa().map(Pa::value).orElse(0L);
    }

    private static String line(long value) {
        return Hex.u64(value) + "\n";
    }

    /** The level lines and the PAGE line have fixed widths; the last line is padded to one. */
    private static final int REASON_WIDTH = 120;
    private static final int LEVEL_LINE = "PML4 0000000000000000 +000 0000000000000000\n".length();
    private static final int PAGE_LINE = "PAGE 0000000000000000\n".length();

    private static int mapSize(ProcessContext context) {
        return context.process().addressSpace().mode().levels().size() * LEVEL_LINE + PAGE_LINE + REASON_WIDTH;
    }

    private static String map(Translation t) {
        StringBuilder text = new StringBuilder();
        for (PagingLevel level : t.mode().levels()) {
            WalkStep step = t.step(level).orElse(null);
            text.append(step == null ? String.format("%-4s %016x +%03x %016x%n", level.name(), 0L, 0, 0L)
                    : String.format("%-4s %s +%03x %s%n", level.name(), step.table(), step.entryOffset(), step.entry()));
        }
        text.append(String.format("%-4s %016x%n", "PAGE", t.isMapped() ? physical(t) & -PAGE : 0L));
        String reason = t.isMapped()
                ? "mapped: " + Translation.sizeName(t.pageSize()) + " page, " + t.flags()
                        + (t.reason() == null ? "" : ", via " + t.reason().text())
                : "stopped: " + t.reason().text() + (t.steps().isEmpty() ? "" : " at " + t.steps().get(t.steps().size() - 1).level().name());
        if (!t.detail().isEmpty()) {
            reason += " (" + t.detail() + ")";
        }
        return text + new String(FixedWidthFile.fit(reason, REASON_WIDTH), StandardCharsets.UTF_8);
    }

    /** A text file of known size whose content is computed on every read. */
    private static FileNode computed(int size, java.util.function.Supplier<String> render) {
        return new FileNode() {
            @Override
            long size() {
                return size;
            }

            @Override
            int read(long offset, ByteBuffer dst) {
                byte[] content = render.get().getBytes(StandardCharsets.UTF_8);
                int n = readable(offset, Math.min(size, content.length), dst);
                if (n > 0) {
                    dst.put(content, (int) offset, n);
                }
                return n;
            }
        };
    }

    /** {@code virt.txt}: the address, rewritten by a whole write; anything that is not an address is refused. */
    private static final class AddressFile extends FileNode {
        private static final int MAX_WRITE = 64;
        private final ProcessState state;

        AddressFile(ProcessState state) {
            this.state = state;
        }

        @Override
        long size() {
            return ADDRESS_LINE;
        }

        @Override
        int read(long offset, ByteBuffer dst) {
            return readFrom(line(state.virtualAddress().value()).getBytes(StandardCharsets.US_ASCII), offset, dst);
        }

        @Override
        boolean isWritable() {
            return true;
        }

        @Override
        int write(long offset, ByteBuffer src, String path) {
            int n = src.remaining();
            if (offset != 0 || n > MAX_WRITE) {
                throw new VfsException(VfsException.Kind.INVALID_ARGUMENT, path,
                        "write the whole address at once (echo 0x7ff6c0001234 > virt.txt)");
            }
            byte[] bytes = new byte[n];
            src.get(bytes);
            String text = new String(bytes, StandardCharsets.US_ASCII);
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.isEmpty() || !text.equals(text.strip())) {
                throw new VfsException(VfsException.Kind.INVALID_ARGUMENT, path, "not an address: '" + text + "'");
            }
            try {
                state.setVirtualAddress(Va.parse(text));
            } catch (InvalidAddressException e) {
                throw new VfsException(VfsException.Kind.INVALID_ARGUMENT, path, e.what());
            }
            return n;
        }

        /** Opening with O_TRUNC truncates first: accepted and ignored, so a refused write keeps the old value. */
        @Override
        void truncate(long length, String path) {
        }
    }

    /** A 4 KiB page of physical memory chosen from the current walk, or zeros when there is none. */
    private static final class PageFile extends FileNode {
        private final ProcessContext context;
        private final java.util.function.Function<Translation, Pa> page;

        PageFile(ProcessContext context, java.util.function.Function<Translation, Pa> page) {
            this.context = context;
            this.page = page;
        }

        @Override
        long size() {
            return PAGE;
        }

        @Override
        int read(long offset, ByteBuffer dst) {
            int n = readable(offset, PAGE, dst);
            if (n == 0) {
                return 0;
            }
            Pa start = page.apply(translation(context));
            int limit = dst.limit();
            dst.limit(dst.position() + n);
            try {
                if (start == null) {
                    org.memvfs.mmu.Buffers.zeroFill(dst, n);
                } else {
                    PhysicalMemory memory = context.kernel().memory();
                    memory.read(start.plus(offset), dst);
                }
            } finally {
                dst.limit(limit);
            }
            return n;
        }
    }
}
