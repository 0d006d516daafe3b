package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The KDBG block as a parser finds it: plain or encoded, decodable with the keys in the image. */
class DebuggerDataBlockTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theBlockDecodesToTheKernelsAddresses(String id) {
        ImageReader r = SampleFixtures.reader(id);
        long va = r.manifest.kdDebuggerDataBlock().value();
        int size = r.profile.structSize(DebuggerDataBlock.STRUCT);
        byte[] stored = r.read(va, size);
        int tagOffset = r.profile.offset(DebuggerDataBlock.STRUCT, "Header.OwnerTag");
        byte[] plain;
        if (r.manifest.kdbgEncoded()) {
            long base = r.manifest.kernelBase().value();
            long encodedFlag = base + r.profile.symbolRva("KdpDataBlockEncoded").getAsLong();
            assertThat(r.u8(encodedFlag)).isEqualTo(1);
            assertThat(LittleEndian.getInt(stored, tagOffset)).isNotEqualTo(DebuggerDataBlock.OWNER_TAG);
            long never = r.u64(base + r.profile.symbolRva("KiWaitNever").getAsLong());
            long always = r.u64(base + r.profile.symbolRva("KiWaitAlways").getAsLong());
            plain = new KdbgCodec(never, always, encodedFlag).decode(stored);
        } else {
            plain = stored;
        }
        assertThat(LittleEndian.getInt(plain, tagOffset)).isEqualTo(DebuggerDataBlock.OWNER_TAG);
        assertThat(LittleEndian.getInt(plain, r.profile.offset(DebuggerDataBlock.STRUCT, "Header.Size"))).isEqualTo(size);
        assertThat(address(r, plain, "KernBase")).isEqualTo(r.manifest.kernelBase().value());
        assertThat(address(r, plain, "PsActiveProcessHead")).isEqualTo(r.manifest.psActiveProcessHead().value());
        assertThat(address(r, plain, "PsLoadedModuleList")).isEqualTo(r.manifest.psLoadedModuleList().value());
        assertThat(LittleEndian.get(plain, r.profile.offset(DebuggerDataBlock.STRUCT, "OffsetEprocessPeb"), 2))
                .isEqualTo(r.profile.offset("_EPROCESS", "Peb"));
        if (!r.profile.is64Bit()) {
            // 32-bit kernels sign-extend their addresses into the 64-bit fields
            assertThat(LittleEndian.getLong(plain, r.profile.offset(DebuggerDataBlock.STRUCT, "KernBase")) >>> 32)
                    .isEqualTo(0xFFFF_FFFFL);
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void onlyX64Windows8AndLaterWithKnownKeysAreEncoded(String id) {
        SampleManifest m = SampleFixtures.image(id).manifest();
        boolean expected = id.endsWith("-x64") && m.buildNumber() >= 9200
                && SampleFixtures.reader(id).profile.symbolRva("KiWaitNever").isPresent();
        assertThat(m.kdbgEncoded()).isEqualTo(expected);
    }

    private static long address(ImageReader r, byte[] block, String field) {
        long value = LittleEndian.getLong(block, r.profile.offset(DebuggerDataBlock.STRUCT, field));
        return r.profile.is64Bit() ? value : value & 0xFFFF_FFFFL;
    }
}
