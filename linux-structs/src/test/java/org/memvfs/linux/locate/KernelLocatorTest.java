package org.memvfs.linux.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.linux.GuestFacts;
import org.memvfs.linux.LinuxGuests;
import org.memvfs.linux.LinuxGuests.Format;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingCaches;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.image.MemoryImages;

/**
 * Discovery on the real guests, checked against what the guests said of themselves (kallsyms,
 * the kernel variables the capture read, the banner in their log), and on images that hold no
 * kernel or only part of one.
 */
class KernelLocatorTest {

    static java.util.List<Image> images() {
        return LinuxGuests.images();
    }

    private static Discovery discover(Path image) {
        try (PhysicalMemory memory = MemoryImages.open(image)) {
            return KernelLocator.locate(new PagingCaches(memory, new MemoryCaches()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void everyAddressBaseIsWhatTheGuestItselfReported(Image image) {
        Discovery found = LinuxGuests.kernel(image).discovery();
        GuestFacts facts = LinuxGuests.facts(image);
        assertThat(found.initTask()).isEqualTo(new Va(facts.symbol("init_task")));
        assertThat(found.physBase()).isEqualTo(new Pa(facts.kernelVariable("phys_base")));
        assertThat(found.pageOffsetBase()).isEqualTo(new Va(facts.kernelVariable("page_offset_base")));
        assertThat(found.topTable()).as("init_top_pgt, the root of init_mm")
                .isEqualTo(found.kernelImagePa(new Va(facts.symbol("init_top_pgt"))));
        assertThat(found.initTaskAt()).isEqualTo(found.kernelImagePa(found.initTask()));
        assertThat(found.mode()).isEqualTo(image.config().mode());
        assertThat(found.kpti()).isEqualTo(facts.kpti());
        assertThat(found.banner()).isEqualTo(facts.banner());
        assertThat(found.release()).isEqualTo("6.1.0-56-amd64");
        assertThat(found.directMapVa(found.initTaskAt()).value() - found.pageOffsetBase().value()).isEqualTo(found.initTaskAt().value());
        // the capture script starts, the guest boots, and seconds later QEMU takes the memory
        KernelClock clock = found.clock().orElseThrow();
        assertThat(clock.boot()).isBetween(facts.created(), facts.created().plusSeconds(60));
        assertThat(clock.lastTick()).isBetween(clock.boot(), clock.boot().plusSeconds(120));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theStepsSayWhereEachBaseCameFrom(Image image) {
        Discovery found = LinuxGuests.kernel(image).discovery();
        String steps = String.join("\n", found.steps());
        assertThat(steps).contains("BTF: found at PA", "init_task: at PA", "phys_base: ", "page_offset_base: ", "paging: ",
                "top table: ", "swapper_pg_dir", "KPTI: ", "version: Linux 6.1.0-56-amd64", "clock: struct timekeeper at ");
        assertThat(steps).contains(image.format() == Format.ELF ? "CR4 of vCPU 0" : "no CPU registers in a raw image");
        if (image.config() == GuestConfig.A) {
            assertThat(steps).as("the header copy in slab memory, met before the real blob")
                    .contains("BTF header at PA 0x254eb30 rejected").contains("\"negative\"");
        }
    }

    @Test
    void anImageOfRandomBytesHasNoBtfAndSaysSo(@TempDir Path dir) throws IOException {
        byte[] noise = new byte[16 << 20];
        new Random(8).nextBytes(noise);
        Path file = dir.resolve("noise.raw");
        Files.write(file, noise);
        assertThatThrownBy(() -> discover(file)).isInstanceOf(KernelNotFoundException.class)
                .hasMessageContaining("no Linux kernel BTF").hasMessageContaining("CONFIG_DEBUG_INFO_BTF");
    }

    /** The first {@code bytes} of configuration B's raw image (no KASLR: its kernel sits low). */
    private static Path prefixOfB(Path dir, long bytes) throws IOException {
        Path file = dir.resolve("prefix.raw");
        try (InputStream in = Files.newInputStream(new Image(GuestConfig.B, Format.RAW).path());
                OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (long left = bytes; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                out.write(buffer, 0, n);
                left -= n;
            }
        }
        return file;
    }

    @Test
    void aBtfBlobCutShortIsRejectedByName(@TempDir Path dir) throws IOException {
        long btf = LinuxGuests.kernel(new Image(GuestConfig.B, Format.RAW)).discovery().btfAt().value();
        Path cut = prefixOfB(dir, (btf + (2 << 20)) & -4096); // the image ends 2 MiB into the 4.2 MiB blob
        assertThatThrownBy(() -> discover(cut)).isInstanceOf(KernelNotFoundException.class)
                .hasMessageContaining("no Linux kernel BTF")
                .hasMessageContaining("BTF header at PA 0x" + Long.toHexString(btf) + " rejected")
                .hasMessageContaining("hole of the image");
    }

    @Test
    void btfWithoutInitTaskSaysWhatWasLookedFor(@TempDir Path dir) throws IOException {
        Discovery b = LinuxGuests.kernel(new Image(GuestConfig.B, Format.RAW)).discovery();
        long end = (b.btfAt().value() + b.btf().header().blobLength() + 0xfff) & -4096;
        assertThat(end).isLessThan(b.initTaskAt().value());
        Path noTask = prefixOfB(dir, end);
        assertThatThrownBy(() -> discover(noTask)).isInstanceOf(KernelNotFoundException.class)
                .hasMessageContaining("BTF found at PA 0x" + Long.toHexString(b.btfAt().value()))
                .hasMessageContaining("is init_task");
    }
}
