package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TokenWriterTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    @Test
    void sidsAreLaidOutAsWindowsStoresThem() {
        assertThat(HexFormat.of().formatHex(TokenWriter.Sid.SYSTEM.bytes())).isEqualTo("010100000000000512000000");
        assertThat(TokenWriter.Sid.USER.bytes()).hasSize(8 + 4 * 5);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void userProcessesOfSessionOneRunAsTheUserAndServicesAsSystem(String id) {
        ImageReader r = SampleFixtures.reader(id);
        int refBits = r.profile.bitField("_EX_FAST_REF", "RefCnt").bitLength();
        for (SampleProcess p : r.manifest.processes()) {
            long token = r.pointerField(p.eprocess().value(), "_EPROCESS", "Token") & -(1L << refBits);
            assertThat(r.poolTag(token - r.profile.offset("_OBJECT_HEADER", "Body"))).isEqualTo("Toke");
            long groups = r.pointerField(token, "_TOKEN", "UserAndGroups");
            long sid = r.pointerField(groups, "_SID_AND_ATTRIBUTES", "Sid");
            int subAuthorities = (int) r.u8(sid + 1);
            long first = r.u32(sid + 8);
            if (p.imageFileName().equals("explorer.exe") || p.imageFileName().equals("notepad.exe")) {
                assertThat(first).isEqualTo(21);
                assertThat(subAuthorities).isEqualTo(5);
            }
            if (p.imageFileName().equals("services.exe") || p.pid() == 4) {
                assertThat(first).isEqualTo(18);
                assertThat(r.field(token, "_TOKEN", "AuthenticationId.LowPart", 4)).isEqualTo(TokenWriter.SYSTEM_LUID);
            }
        }
    }
}
