package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.GuidAge;

/** ntoskrnl as a symbol-less parser meets it: mapped, headed, exporting, identifying its PDB. */
class NtoskrnlImageTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    private static PeReader kernelPe(ImageReader r) {
        long base = r.manifest.kernelBase().value();
        return new PeReader((rva, length) -> r.read(base + rva, length));
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theKernelIsMappedWithLargePagesInTheKernelRange(String id) {
        ImageReader r = SampleFixtures.reader(id);
        long base = r.manifest.kernelBase().value();
        PeReader pe = kernelPe(r);
        for (long at = base; at < base + pe.sizeOfImage(); at += 0x10_0000) {
            Translation t = r.translate(r.kernel, at);
            assertThat(t.pageSize()).isEqualTo(2L << 20);
            assertThat(t.flags().user()).isFalse();
        }
        if (r.profile.is64Bit()) {
            assertThat(Long.compareUnsigned(base, 0xFFFF_F800_0000_0000L)).isGreaterThanOrEqualTo(0);
            assertThat(Long.compareUnsigned(base, 0xFFFF_F807_FFFF_FFFFL)).isLessThanOrEqualTo(0);
            assertThat(pe.machine()).isEqualTo(PeImage.MACHINE_AMD64);
        } else {
            assertThat(base).isBetween(0x8000_0000L, 0x8FFF_FFFFL);
            assertThat(pe.machine()).isEqualTo(PeImage.MACHINE_I386);
        }
        assertThat(pe.imageBase()).isEqualTo(base);
        assertThat(pe.sections()).containsKeys(".text", ".data", "PAGE", "POOLCODE", "INIT", ".edata");
        assertThat(pe.entryRva()).isBetween(1L, pe.sizeOfImage() - 1);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theExportDirectoryIsSelfConsistentAndPointsAtTheKernelsLists(String id) {
        ImageReader r = SampleFixtures.reader(id);
        long base = r.manifest.kernelBase().value();
        PeReader.Exports exports = kernelPe(r).exports();
        assertThat(exports.dllName()).isEqualTo("ntoskrnl.exe");
        assertThat(exports.allInsideDirectory()).isTrue();
        List<String> names = new ArrayList<>(exports.byName().keySet());
        assertThat(names).isSorted();
        assertThat(base + exports.byName().get("PsActiveProcessHead")).isEqualTo(r.manifest.psActiveProcessHead().value());
        assertThat(base + exports.byName().get("PsLoadedModuleList")).isEqualTo(r.manifest.psLoadedModuleList().value());
        long system = r.pointer(base + exports.byName().get("PsInitialSystemProcess"));
        assertThat(system).isEqualTo(r.manifest.process(4).eprocess().value());
        // the list head is ntoskrnl data, not part of any EPROCESS
        long head = r.manifest.psActiveProcessHead().value();
        assertThat(head).isBetween(base, base + kernelPe(r).sizeOfImage());
        assertThat(r.u32(base + exports.byName().get("NtBuildNumber"))).isEqualTo(0xF000_0000L | r.manifest.buildNumber());
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theCodeViewRecordNamesTheProfilesPdb(String id) {
        ImageReader r = SampleFixtures.reader(id);
        Object[] cv = kernelPe(r).codeView();
        GuidAge identity = GuidAge.fromCodeView((byte[]) cv[0], (Long) cv[1]);
        assertThat(identity.toString()).isEqualTo(r.manifest.kernelGuidAge());
        r.profile.guidAge().ifPresent(g -> assertThat(identity.toString()).isEqualTo(g));
        assertThat(cv[2]).isEqualTo(r.profile.isPae() ? "ntkrpamp.pdb" : "ntkrnlmp.pdb");
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void variablesLieAtTheProfilesSymbolRvas(String id) {
        ImageReader r = SampleFixtures.reader(id);
        long base = r.manifest.kernelBase().value();
        Map<String, Integer> written = SampleImageBuilder.kernelVariables(r.profile);
        long sizeOfImage = kernelPe(r).sizeOfImage();
        int checked = 0;
        for (String symbol : r.profile.symbolNames()) {
            if (written.containsKey(symbol)) {
                long rva = r.profile.symbolRva(symbol).getAsLong();
                assertThat(rva + written.get(symbol)).as(symbol).isLessThanOrEqualTo(sizeOfImage);
                checked++;
            }
        }
        r.profile.symbolRva("PsActiveProcessHead")
                .ifPresent(rva -> assertThat(r.manifest.psActiveProcessHead().value()).isEqualTo(base + rva));
        r.profile.symbolRva("PsLoadedModuleList")
                .ifPresent(rva -> assertThat(r.manifest.psLoadedModuleList().value()).isEqualTo(base + rva));
        r.profile.symbolRva("KdDebuggerDataBlock")
                .ifPresent(rva -> assertThat(r.manifest.kdDebuggerDataBlock().value()).isEqualTo(base + rva));
        r.profile.symbolRva("PsInitialSystemProcess")
                .ifPresent(rva -> assertThat(r.pointer(base + rva)).isEqualTo(r.manifest.process(4).eprocess().value()));
        r.profile.symbolRva("NtBuildNumber")
                .ifPresent(rva -> assertThat(r.u32(base + rva)).isEqualTo(0xF000_0000L | r.manifest.buildNumber()));
        r.profile.symbolRva("MmPteBase").ifPresent(rva -> assertThat(r.u64(base + rva)).isEqualTo(X64PageTableWriter.PTE_BASE));
        assertThat(checked).isEqualTo(r.profile.symbolNames().isEmpty() ? 0 : checked);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theEntryPointIsCodeInTheImage(String id) {
        ImageReader r = SampleFixtures.reader(id);
        long base = r.manifest.kernelBase().value();
        long entry = base + kernelPe(r).entryRva();
        assertThat(entry % 4).isZero();
        assertThat(r.translate(r.kernel, entry).isMapped()).isTrue();
        assertThat(r.kernel.translate(Va.of(entry)).flags().executable()).isTrue();
    }
}
