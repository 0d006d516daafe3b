package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.win.profile.BitField;

/** Handle entries decode, by the rules of the win-offsets README, to the objects they were made for. */
class HandleTableWriterTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void handlesNameTheProcesssThreads(String id) {
        ImageReader r = SampleFixtures.reader(id);
        int body = r.profile.offset("_OBJECT_HEADER", "Body");
        int entrySize = r.profile.structSize("_HANDLE_TABLE_ENTRY");
        for (SampleProcess p : r.manifest.processes()) {
            if (!p.isRunning()) {
                continue;
            }
            long table = r.pointerField(p.eprocess().value(), "_EPROCESS", "ObjectTable");
            long code = r.pointerField(table, "_HANDLE_TABLE", "TableCode");
            assertThat(code & 7).as("level 0").isZero();
            assertThat(r.get(r.kernel, code, entrySize == 16 ? 8 : 4)).as("entry 0 is unused").isZero();
            int first = p.peb() != null ? 2 : 1;
            for (int i = 0; i < p.threads().size(); i++) {
                long entry = code + (long) (first + i) * entrySize;
                assertThat(header(r, entry) + body).as(p.imageFileName() + " handle " + 4 * (first + i))
                        .isEqualTo(p.threads().get(i).ethread().value());
            }
        }
    }

    private static long header(ImageReader r, long entry) {
        if (r.profile.has("_HANDLE_TABLE_ENTRY", "ObjectPointerBits")) {
            BitField bits = r.profile.bitField("_HANDLE_TABLE_ENTRY", "ObjectPointerBits");
            long value = bits.extract(r.get(r.kernel, entry + bits.offset(), bits.unitSize()));
            return r.profile.is64Bit() ? 0xFFFF_0000_0000_0000L | (value << 4) : value << 3;
        }
        return r.pointer(entry) & ~7L;
    }
}
