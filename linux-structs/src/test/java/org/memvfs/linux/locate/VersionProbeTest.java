package org.memvfs.linux.locate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memvfs.linux.FakeMemory;
import org.memvfs.mmu.Pa;

class VersionProbeTest {
    private static final VersionProbe.UtsName UTS = new VersionProbe.UtsName("Linux", "6.1.0-56-amd64",
            "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", "x86_64");

    @Test
    void theBannerIsTheHitThatNamesTheReleaseAndEndsWithTheVersion() {
        String banner = "Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org) (gcc-12) " + UTS.version();
        FakeMemory memory = new FakeMemory().range(0, 0x3000);
        memory.put(0x100, "Linux version 5.10.0 (someone) #1\n".getBytes(StandardCharsets.US_ASCII));
        memory.put(0x1000, "Linux version 6.1.0-56-amd64 (cut".getBytes(StandardCharsets.US_ASCII));
        memory.put(0x2000, (banner + "\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(VersionProbe.banner(memory, List.of(new Pa(0x100), new Pa(0x1000), new Pa(0x2000)), UTS)).isEqualTo(banner);
    }

    @Test
    void withoutABannerTheLineIsMadeFromTheUtsName() {
        FakeMemory memory = new FakeMemory().range(0, 0x1000);
        assertThat(VersionProbe.banner(memory, List.of(new Pa(0)), UTS))
                .isEqualTo("Linux version 6.1.0-56-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)");
    }

    @Test
    void cStringsEndAtTheirNulOrTheirArray() {
        assertThat(VersionProbe.cString(ByteBuffer.wrap("x86_64\0\0junk".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("x86_64");
        assertThat(VersionProbe.cString(ByteBuffer.wrap("full".getBytes(StandardCharsets.US_ASCII)))).isEqualTo("full");
    }
}
