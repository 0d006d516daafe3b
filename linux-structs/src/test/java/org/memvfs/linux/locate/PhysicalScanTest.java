package org.memvfs.linux.locate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memvfs.linux.FakeMemory;

class PhysicalScanTest {
    private static final byte[] NEEDLE = "needle".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PIN = "pin".getBytes(StandardCharsets.US_ASCII);

    private static List<String> hits(FakeMemory memory, List<byte[]> patterns) {
        List<String> hits = new ArrayList<>();
        new PhysicalScan(patterns).scan(memory, (pattern, where) -> hits.add(pattern + "@" + Long.toHexString(where.value())));
        return hits;
    }

    @Test
    void everyPatternIsFoundInAscendingOrderAcrossChunkBoundaries() {
        long chunk = PhysicalScan.CHUNK;
        FakeMemory memory = new FakeMemory().range(0, (int) chunk + 0x1000);
        memory.put(0x10, NEEDLE).put(0x20, PIN).put(chunk - 3, NEEDLE).put(chunk + 0x100, PIN).put(chunk + 0x1000 - 6, NEEDLE);
        assertThat(hits(memory, List.of(NEEDLE, PIN))).containsExactly("0@10", "1@20", "0@" + Long.toHexString(chunk - 3),
                "1@" + Long.toHexString(chunk + 0x100), "0@" + Long.toHexString(chunk + 0x1000 - 6));
    }

    @Test
    void aPatternDoesNotMatchAcrossAHoleOrPastTheEnd() {
        FakeMemory memory = new FakeMemory().range(0, 0x1000).range(0x3000, 0x1000);
        memory.put(0x1000 - 3, "nee".getBytes(StandardCharsets.US_ASCII)).put(0x3000, "dle".getBytes(StandardCharsets.US_ASCII));
        memory.put(0x4000 - 4, "need".getBytes(StandardCharsets.US_ASCII));
        memory.put(0x3100, NEEDLE);
        assertThat(hits(memory, List.of(NEEDLE))).containsExactly("0@3100");
    }

    @Test
    void theListenerEndsTheScanAndTheScannedBytesAreCounted() {
        FakeMemory memory = new FakeMemory().range(0, 0x2000).range(0x10000, 0x1000);
        memory.put(0x100, PIN).put(0x10100, PIN);
        List<Long> seen = new ArrayList<>();
        long scanned = new PhysicalScan(List.of(PIN)).scan(memory, (pattern, where) -> {
            seen.add(where.value());
            return false;
        });
        assertThat(seen).containsExactly(0x100L);
        assertThat(scanned).isEqualTo(0x2000);
        assertThat(new PhysicalScan(List.of(PIN)).scan(memory, (pattern, where) -> true)).isEqualTo(0x3000);
    }
}
