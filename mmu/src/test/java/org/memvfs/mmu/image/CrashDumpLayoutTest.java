package org.memvfs.mmu.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrashDumpLayoutTest {
    @Test
    void theRunTablesEndWhereTheContextRecordStarts() {
        assertThat(CrashDumpLayout.X64.firstRun() + 16 * CrashDumpLayout.X64.maxRuns()).isEqualTo(0x348);
        assertThat(CrashDumpLayout.X64.maxRuns()).isEqualTo(43);
        assertThat(CrashDumpLayout.X86.firstRun() + 8 * CrashDumpLayout.X86.maxRuns()).isLessThanOrEqualTo(0x320);
        assertThat(CrashDumpLayout.X86.maxRuns()).isEqualTo(86);
    }

    @Test
    void filetimesCountHundredNanosecondsFrom1601() {
        Instant time = Instant.parse("2024-03-01T12:34:56.789Z");
        assertThat(CrashDumpLayout.toFiletime(time)).isEqualTo(TestCrashDump.filetime(time));
        assertThat(CrashDumpLayout.fromFiletime(CrashDumpLayout.toFiletime(time))).isEqualTo(time);
        assertThat(CrashDumpLayout.fromFiletime(116_444_736_000_000_000L)).isEqualTo(Instant.EPOCH);
    }

    @Test
    void signaturesAreEightAsciiBytes() {
        assertThat(new String(CrashDumpLayout.X64.signature(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAGEDU64");
        assertThat(new String(CrashDumpLayout.X86.signature(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAGEDUMP");
    }
}
