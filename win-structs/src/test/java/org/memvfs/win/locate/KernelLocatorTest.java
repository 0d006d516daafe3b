package org.memvfs.win.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.PagingCaches;
import org.memvfs.mmu.PagingMode;
import org.memvfs.win.object.WalkLimits;
import org.memvfs.win.sample.SampleManifest;
import org.memvfs.win.testing.Sample;
import org.memvfs.win.testing.Samples;
import org.memvfs.win.testing.ToyMemory;

/** Discovery on every sample: how each step finds its answer, hints, forced profiles and symbol files. */
class KernelLocatorTest {
    private static final int MAX = WalkLimits.DEFAULT.maxProcesses();

    @TempDir
    Path dir;

    static List<String> profiles() {
        return Samples.profileIds();
    }

    private static Discovery locate(Sample sample, KernelHints hints, Path symbols, String profileId) {
        return KernelLocator.locate(PagingCaches.standalone(sample.memory()), hints, symbols, profileId, MAX);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void eachStepSaysHowItFoundItsAnswer(String profileId) {
        Sample sample = Samples.of(profileId);
        SampleManifest m = sample.manifest();
        Discovery d = locate(sample, KernelHints.NONE, null, null);
        assertThat(d.profile().id()).isEqualTo(profileId);
        assertThat(d.pdbName()).isPresent();
        if (m.mode() == PagingMode.X64_4LEVEL) {
            assertThat(d.steps()).anySatisfy(s -> assertThat(s).startsWith("x64 low stub (PROCESSOR_START_BLOCK) at ")
                    .contains("PML4 " + m.systemDtb()));
            assertThat(d.steps()).anySatisfy(s -> assertThat(s).startsWith("ntoskrnl within 32 MiB below the entry point: base "
                    + m.kernelBase()));
        } else {
            assertThat(d.steps()).contains("scan for a self-referencing x64 PML4: none");
            assertThat(d.steps()).anySatisfy(s -> assertThat(s).startsWith("top page table candidate: PAE PDPT at "));
            assertThat(d.steps()).anySatisfy(s -> assertThat(s).startsWith("ntoskrnl found by a PE scan of "
                    + "0000000080000000-00000000ffffffff (mapped pages only): base " + m.kernelBase()));
        }
        assertThat(d.steps()).anySatisfy(s -> assertThat(s).startsWith("kernel PDB ").contains(m.kernelGuidAge()));
        assertThat(d.steps()).anySatisfy(s -> assertThat(s).startsWith("build " + m.buildNumber() + " from "));
        assertThat(d.steps()).anySatisfy(s -> assertThat(s).startsWith("KDBG ").contains(m.kdDebuggerDataBlock().toString())
                .contains(m.kdbgEncoded() ? "encoded, decoded with KiWaitNever/KiWaitAlways" : "plain"));
        assertThat(d.profileReasons()).anySatisfy(s -> assertThat(s).startsWith("chosen: " + profileId));
        assertThat(d.profileReasons()).anySatisfy(s -> assertThat(s).startsWith(profileId + " fits: System at "
                + m.processes().get(0).eprocess() + " is PID 4 named System"));
        assertThat(d.steps()).contains("PsActiveProcessHead " + m.psActiveProcessHead() + " (KDBG.PsActiveProcessHead)");
    }

    @Test
    void theProfileIsChosenByGuidWhenABuiltInListsItAndByBuildNumberOtherwise() {
        assertThat(locate(Samples.of("win10-18362-x64"), KernelHints.NONE, null, null).profileReasons())
                .anySatisfy(s -> assertThat(s).contains("lists the kernel's GUID+age DCA4AD4BEEB4746D48F84C0125019E431"));
        assertThat(locate(Samples.of("win11-26100-x64"), KernelHints.NONE, null, null).profileReasons())
                .anySatisfy(s -> assertThat(s).contains("covers build 26100 (KUSER_SHARED_DATA.NtBuildNumber"));
    }

    @Test
    void windows7StatesItsBuildInItsExportsNotInKuserSharedData() {
        Discovery d = locate(Samples.of("win7-7601-x64"), KernelHints.NONE, null, null);
        assertThat(d.buildNumber()).hasValue(7601);
        assertThat(d.steps()).anySatisfy(s -> assertThat(s).startsWith("build 7601 from ntoskrnl's exported NtBuildNumber"));
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void hintsSkipTheScansAndGiveTheSameAnswer(String profileId) {
        Sample sample = Samples.of(profileId);
        SampleManifest m = sample.manifest();
        KernelHints hints = KernelHints.NONE.withDtb(m.systemDtb(), m.mode()).withPsActiveProcessHead(m.psActiveProcessHead())
                .withPsLoadedModuleList(m.psLoadedModuleList()).withKdDebuggerDataBlock(m.kdDebuggerDataBlock());
        Discovery d = locate(sample, hints, null, null);
        assertThat(d.steps().get(0)).isEqualTo("top page table candidate: the DTB given (" + m.systemDtb() + ", "
                + m.mode().displayName() + ")");
        assertThat(d.steps()).noneSatisfy(s -> assertThat(s).startsWith("scan for"));
        assertThat(d.steps()).noneSatisfy(s -> assertThat(s).contains("low stub"));
        assertThat(d.steps()).contains("PsActiveProcessHead " + m.psActiveProcessHead() + " (given)");
        assertThat(d.steps()).anySatisfy(s -> assertThat(s).startsWith("KDBG at the given " + m.kdDebuggerDataBlock()));
        assertThat(d.dtb()).isEqualTo(m.systemDtb());
        assertThat(d.kernelBase()).isEqualTo(m.kernelBase());
        assertThat(d.psLoadedModuleList()).contains(m.psLoadedModuleList());
        assertThat(d.kdbgEncoded()).isEqualTo(m.kdbgEncoded());
    }

    @Test
    void aDtbWithoutAModeIsTriedInEachMode() {
        Sample sample = Samples.of("win10-19041-x86");
        Discovery d = locate(sample, KernelHints.NONE.withDtb(sample.manifest().systemDtb(), null), null, null);
        assertThat(d.mode()).isEqualTo(PagingMode.X86_PAE);
        assertThat(d.steps()).anySatisfy(s -> assertThat(s).contains("x86-64 4-level"));
    }

    @Test
    void aKernelBaseHintIsTakenAsIs() {
        Sample sample = Samples.of("win11-22621-x64");
        Discovery d = locate(sample, KernelHints.NONE.withKernelBase(sample.manifest().kernelBase()), null, null);
        assertThat(d.kernelBase()).isEqualTo(sample.manifest().kernelBase());
        assertThat(d.steps()).anySatisfy(s -> assertThat(s).startsWith("ntoskrnl at the given base: base "));
    }

    @Test
    void aForcedProfileThatDoesNotFitTheImageIsAClearError() {
        Sample win10 = Samples.of("win10-19041-x64");
        assertThatThrownBy(() -> locate(win10, KernelHints.NONE, null, "win7-7601-x64"))
                .isInstanceOf(ProfileMismatchException.class)
                .isInstanceOf(MemoryException.class)
                .hasMessageStartingWith("profile win7-7601-x64 as given: win7-7601-x64 does not fit: ")
                .hasMessageContaining("_EPROCESS.UniqueProcessId of System at " + win10.manifest().processes().get(0).eprocess());
    }

    @Test
    void aForcedProfileOfTheOtherBitnessIsRefused() {
        assertThatThrownBy(() -> locate(Samples.of("win10-19041-x64"), KernelHints.NONE, null, "win10-19041-x86"))
                .isInstanceOf(ProfileMismatchException.class)
                .hasMessageContaining("a 32-bit profile for a 64-bit kernel");
    }

    @Test
    void aForcedProfileThatFitsIsUsedWithoutTryingOthers() {
        Discovery d = locate(Samples.of("win10-18362-x86"), KernelHints.NONE, null, "win10-18362-x86");
        assertThat(d.profile().id()).isEqualTo("win10-18362-x86");
        assertThat(d.profileReasons()).containsExactly(
                "chosen: " + d.profile() + ": profile win10-18362-x86 as given", d.profileReasons().get(1));
    }

    private Path isf(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/isf/win10-19041-x64.trimmed-isf.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void aSymbolFileGivenIsTheProfile() throws IOException {
        Sample sample = Samples.of("win10-19041-x64");
        Discovery d = locate(sample, KernelHints.NONE, isf("kernel.json"), null);
        assertThat(d.profile().id()).isEqualTo("isf-606FF669409B00F7FC8C61A9C16701291");
        assertThat(d.profileReasons()).anySatisfy(s -> assertThat(s).contains("symbol file ").contains("as given"));
        assertThat(d.psActiveProcessHead()).isEqualTo(sample.manifest().psActiveProcessHead());
        assertThat(d.kdbgEncoded()).isTrue();
    }

    @Test
    void aSymbolDirectoryIsSearchedByTheKernelsGuidAndAge() throws IOException {
        Files.createDirectories(dir.resolve("symbols/windows/ntkrnlmp.pdb"));
        isf("symbols/windows/ntkrnlmp.pdb/606FF669409B00F7FC8C61A9C1670129-1.json");
        Discovery d = locate(Samples.of("win10-19041-x64"), KernelHints.NONE, dir.resolve("symbols"), null);
        assertThat(d.profile().id()).startsWith("isf-");
        assertThat(d.profileReasons()).anySatisfy(s -> assertThat(s).contains("by the kernel's GUID+age 606FF669409B00F7FC8C61A9C16701291"));
    }

    @Test
    void aSymbolDirectoryWithoutTheKernelFallsBackToTheBuiltInProfiles() throws IOException {
        isf("0000000000000000000000000000000-1.json");
        Discovery d = locate(Samples.of("win11-22000-x64"), KernelHints.NONE, dir, null);
        assertThat(d.profile().id()).isEqualTo("win11-22000-x64");
        assertThat(d.steps()).anySatisfy(s -> assertThat(s).startsWith("no symbol file for 0CE4A95C0CD782A7596B034D8648E585-1 in "));
    }

    @Test
    void anImageWithoutAWindowsKernelSaysWhatWasTried() {
        ToyMemory empty = new ToyMemory(4 << 20).put64(0, 0xf4);
        assertThatThrownBy(() -> KernelLocator.locate(PagingCaches.standalone(empty), KernelHints.NONE, null, null, MAX))
                .isInstanceOf(KernelNotFoundException.class)
                .hasMessageContaining("no x64 low stub")
                .hasMessageContaining("scan for a self-referencing x86 PAE PDPT: none");
    }

    @Test
    void aCorruptNeighbourOfSystemIsAWarningNotAMismatch() {
        Sample sample = Samples.of("win10-19041-x64");
        int links = sample.kernel().profile().offset("_EPROCESS", "ActiveProcessLinks");
        int blink = sample.kernel().profile().offset("_LIST_ENTRY", "Blink");
        org.memvfs.win.testing.Patch patch = sample.patch(dir);
        patch.kernelPointer(sample.manifest().processes().get(1).eprocess().plus(links + blink), 0xffff_dead_0000_0000L);
        try (org.memvfs.mmu.PhysicalMemory patched = patch.open()) {
            Discovery d = KernelLocator.locate(PagingCaches.standalone(patched), KernelHints.NONE, null, null, MAX);
            assertThat(d.profile().id()).isEqualTo("win10-19041-x64");
            assertThat(d.steps()).anySatisfy(s -> assertThat(s)
                    .startsWith("process list: one neighbour of System on ActiveProcessLinks does not point back at it: ")
                    .contains("is ffffdead00000000"));
        }
    }

    @Test
    void bothNeighboursOfSystemCorruptMeansNoProfileFits() {
        Sample sample = Samples.of("win10-19041-x64");
        int links = sample.kernel().profile().offset("_EPROCESS", "ActiveProcessLinks");
        int blink = sample.kernel().profile().offset("_LIST_ENTRY", "Blink");
        org.memvfs.win.testing.Patch patch = sample.patch(dir);
        patch.kernelPointer(sample.manifest().processes().get(1).eprocess().plus(links + blink), 0xffff_dead_0000_0000L);
        patch.kernelPointer(sample.manifest().psActiveProcessHead(), 0xffff_dead_0000_0000L);
        try (org.memvfs.mmu.PhysicalMemory patched = patch.open()) {
            assertThatThrownBy(() -> KernelLocator.locate(PagingCaches.standalone(patched), KernelHints.NONE, null, null, MAX))
                    .isInstanceOf(ProfileMismatchException.class)
                    .hasMessageContaining("win10-19041-x64 does not fit: neither neighbour of System on ActiveProcessLinks");
        }
    }
}
