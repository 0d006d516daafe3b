package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.memvfs.win.profile.GuidAge;

class PeImageWriterTest {
    private static PeImage image(TreeMap<String, Integer> exports, boolean pe64) {
        List<PeImage.Section> sections = List.of(new PeImage.Section(".text", 0x1000, 0x3000, PeImage.Section.CODE),
                new PeImage.Section(".rdata", 0x4000, 0x2000, PeImage.Section.READ_ONLY_DATA),
                new PeImage.Section(".data", 0x6000, 0x1000, PeImage.Section.DATA));
        return new PeImage(pe64 ? PeImage.MACHINE_AMD64 : PeImage.MACHINE_I386, pe64 ? 0x7FFB_0000_0000L : 0x7700_0000L,
                0x7000, 0x1400, 0x5F00_0000, PeImage.DLL | (pe64 ? PeImage.EXECUTABLE_64 : PeImage.EXECUTABLE_32),
                PeImage.SUBSYSTEM_CONSOLE, 0x0A00, sections, "sample.dll", 0x4000, exports,
                new PeImage.CodeView("606FF669409B00F7FC8C61A9C1670129", 1, "sample.pdb"), 0x4800);
    }

    private static byte[] layOut(PeImage pe) {
        byte[] bytes = new byte[pe.sizeOfImage()];
        for (PeImageWriter.Chunk c : PeImageWriter.write(pe)) {
            System.arraycopy(c.bytes(), 0, bytes, c.rva(), c.bytes().length);
        }
        return bytes;
    }

    private static PeReader reader(byte[] bytes) {
        return new PeReader((rva, n) -> java.util.Arrays.copyOfRange(bytes, (int) (long) rva, (int) (long) rva + n));
    }

    @Test
    void headersAndExportsReadBackForBothBitnesses() {
        TreeMap<String, Integer> exports = new TreeMap<>(java.util.Map.of("Zeta", 0x1100, "Alpha", 0x1020, "Mu", 0x1060));
        for (boolean pe64 : new boolean[] {true, false}) {
            PeImage pe = image(exports, pe64);
            PeReader r = reader(layOut(pe));
            assertThat(r.pe64).isEqualTo(pe64);
            assertThat(r.imageBase()).isEqualTo(pe.imageBase());
            assertThat(r.sizeOfImage()).isEqualTo(0x7000);
            assertThat(r.entryRva()).isEqualTo(0x1400);
            assertThat(r.sections()).containsOnlyKeys(".text", ".rdata", ".data");
            PeReader.Exports e = r.exports();
            assertThat(e.dllName()).isEqualTo("sample.dll");
            assertThat(e.allInsideDirectory()).isTrue();
            assertThat(e.byName()).containsExactly(java.util.Map.entry("Alpha", 0x1020L), java.util.Map.entry("Mu", 0x1060L),
                    java.util.Map.entry("Zeta", 0x1100L));
        }
    }

    @Test
    void theCodeViewRecordRoundTripsThroughGuidAge() {
        PeReader r = reader(layOut(image(new TreeMap<>(), true)));
        Object[] cv = r.codeView();
        assertThat(GuidAge.fromCodeView((byte[]) cv[0], (Long) cv[1]).toString()).isEqualTo("606FF669409B00F7FC8C61A9C16701291");
        assertThat(cv[2]).isEqualTo("sample.pdb");
    }

    @Test
    void anExportInsideTheDirectoryWouldBeAForwarderAndIsRefused() {
        assertThatThrownBy(() -> PeImageWriter.write(image(new TreeMap<>(java.util.Map.of("Bad", 0x4010)), true)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
