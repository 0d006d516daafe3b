package org.memvfs.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.guest.GuestCapture;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.OracleLine;
import org.memvfs.mmu.guest.QemuGuests;

/** The {@code memvfs} command line, run in-process on real guest images. */
class MainTest {
    @TempDir
    Path dir;

    @Test
    void infoShowsTheFormatTheRangesAndEachCpusRoot() {
        GuestCapture capture = QemuGuests.capture(GuestConfig.C);
        CommandRun run = CommandRun.of("info", capture.elf().toString());
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("format:   elf-core").contains("QEMU ELF core").contains("x86-64 5-level (LA57)");
        for (long cr3 : capture.cpuCr3().values()) {
            assertThat(run.out()).contains("cr3 " + Hex.u64(cr3));
        }
        assertThat(run.out()).contains("default:  root " + Hex.u64(capture.cpuCr3().get(0)));
    }

    @Test
    void translateWalksEachAddressAsQemuDoes() {
        GuestCapture capture = QemuGuests.capture(GuestConfig.A);
        List<OracleLine> probes = capture.oracle('T').stream().filter(l -> l.region().startsWith("ksym:")).limit(3).toList();
        assertThat(probes).isNotEmpty();
        long cr3 = probes.get(0).cr3();
        String[] args = new String[4 + probes.size()];
        args[0] = "translate";
        args[1] = capture.raw().toString();
        args[2] = "--root";
        args[3] = Long.toHexString(cr3);
        for (int i = 0; i < probes.size(); i++) {
            args[4 + i] = "0x" + Long.toHexString(probes.get(i).va());
        }
        CommandRun run = CommandRun.of(args);
        assertThat(run.status()).as(run.err()).isZero();
        for (OracleLine probe : probes.stream().filter(p -> p.cr3() == cr3).toList()) {
            assertThat(run.out()).contains(Hex.u64(probe.va()) + " -> " + Hex.u64(probe.pa()));
        }
        assertThat(run.out()).containsPattern("(?m)^PML4 [0-9a-f]{16} \\+[0-9a-f]{3} [0-9a-f]{16}$")
                .containsPattern("(?m)^PAGE [0-9a-f]{16}$");
    }

    @Test
    void anUnmappedAddressSaysWhyAndExitsWithTwo() {
        GuestCapture capture = QemuGuests.capture(GuestConfig.A);
        OracleLine unmapped = capture.oracle('N').get(0);
        CommandRun run = CommandRun.of("translate", capture.elf().toString(), "--root", Long.toHexString(unmapped.cr3()),
                Long.toHexString(unmapped.va()));
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).contains(Hex.u64(unmapped.va()) + " not mapped: ");
    }

    @Test
    void aRootOutsidePhysicalMemoryIsAFailedTranslationWithItsReason() {
        CommandRun run = CommandRun.of("translate", QemuGuests.capture(GuestConfig.A).raw().toString(), "--root", "7f00000000", "1000");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).contains("table outside physical memory");
    }

    @Test
    void aRawImageWithoutRootNeedsOneAndSaysSo() {
        CommandRun run = CommandRun.of("translate", QemuGuests.capture(GuestConfig.A).raw().toString(), "1000");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("--root").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aFileThatIsNotAnImageIsOneClearLine() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not memory\n".repeat(500));
        CommandRun run = CommandRun.of("info", text.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("memvfs: not a memory image").contains("notes.txt")
                .doesNotContain("\n");
    }

    @Test
    void aBadAddressIsNamed() {
        CommandRun run = CommandRun.of("translate", QemuGuests.capture(GuestConfig.A).elf().toString(), "nonsense");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("not an address: 'nonsense'");
    }

    @Test
    void helpReadsLikeAManPage() {
        CommandRun run = CommandRun.of("translate", "--help");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Usage: memvfs translate").contains("--root=CR3").contains("--paging=MODE");
    }
}
