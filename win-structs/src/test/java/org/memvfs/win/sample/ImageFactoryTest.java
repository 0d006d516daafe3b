package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageFactoryTest {
    @Test
    void dllsGetExportsInTheirCodeAndHeadersThatReadBack() {
        ModuleImage ntdll = ImageFactory.build("ntdll.dll", true, 0x7FFB_B000_0000L, 0x1A_9000, true, PeImage.SUBSYSTEM_CONSOLE, 0x0A00);
        PeReader pe = new PeReader((rva, n) -> bytes(ntdll, rva, n));
        assertThat(pe.imageBase()).isEqualTo(0x7FFB_B000_0000L);
        assertThat(pe.sizeOfImage()).isEqualTo(0x1A_9000);
        PeReader.Exports exports = pe.exports();
        assertThat(exports.dllName()).isEqualTo("ntdll.dll");
        assertThat(exports.allInsideDirectory()).isTrue();
        long text = pe.sections().get(".text")[0];
        assertThat(exports.byName().get("RtlUserThreadStart")).isBetween(text, text + 0x1000);
        assertThat(ntdll.export("RtlUserThreadStart")).isEqualTo(ntdll.base() + exports.byName().get("RtlUserThreadStart"));
        assertThat(pe.codeView()[2]).isEqualTo("ntdll.pdb");
        assertThat(ntdll.pages()).hasSize(3).containsKey(0);
    }

    @Test
    void smallExecutablesStillGetEverySection() {
        ModuleImage exe = ImageFactory.build("tiny.exe", false, 0x40_0000, 0x6000, false, PeImage.SUBSYSTEM_GUI, 0x0601);
        PeReader pe = new PeReader((rva, n) -> bytes(exe, rva, n));
        assertThat(pe.machine()).isEqualTo(PeImage.MACHINE_I386);
        assertThat(pe.sections()).containsKeys(".text", ".rdata", ".data", ".rsrc", ".reloc");
        assertThat(pe.sections().values().stream().mapToLong(s -> s[0] + s[1]).max().orElseThrow()).isEqualTo(0x6000);
        assertThat(pe.directorySize(0)).isZero();
        assertThat(exe.entryPoint()).isEqualTo(0x40_0000L + pe.entryRva());
    }

    private static byte[] bytes(ModuleImage image, long rva, int n) {
        byte[] page = image.pages().getOrDefault((int) (rva / PhysicalPages.PAGE), new byte[PhysicalPages.PAGE]);
        int offset = (int) (rva % PhysicalPages.PAGE);
        return java.util.Arrays.copyOfRange(page, offset, offset + n);
    }
}
