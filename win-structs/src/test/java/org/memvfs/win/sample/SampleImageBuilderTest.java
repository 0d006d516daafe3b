package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Va;

/** The finished page tables: shared kernel halves, self-maps and the KPTI user roots. */
class SampleImageBuilderTest {
    private static final int SELF = X64PageTableWriter.SELF_MAP_INDEX;

    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    static List<String> x64Profiles() {
        return SampleImages.supportedProfiles().stream().filter(id -> id.endsWith("-x64")).toList();
    }

    @ParameterizedTest
    @MethodSource("x64Profiles")
    void theSystemPml4LooksLikeARealOne(String id) {
        PhysicalMemory memory = SampleFixtures.memory(id);
        long pml4 = SampleFixtures.image(id).manifest().systemDtb().value();
        int kernelValid = 0;
        int kernelZero = 0;
        int userZero = 0;
        for (int i = 0; i < 512; i++) {
            long e = memory.readLong(Pa.of(pml4 + 8L * i));
            if (i >= 256) {
                kernelValid += (e & 1) == 1 ? 1 : 0;
                kernelZero += e == 0 ? 1 : 0;
            } else {
                userZero += e == 0 ? 1 : 0;
            }
        }
        assertThat(memory.readLong(Pa.of(pml4 + 8L * SELF)) & HardwarePte.FRAME_MASK).isEqualTo(pml4);
        assertThat(kernelValid).isGreaterThanOrEqualTo(4);
        assertThat(kernelZero).isGreaterThan(200);
        assertThat(userZero).isGreaterThan(200);
    }

    @ParameterizedTest
    @MethodSource("x64Profiles")
    void everyProcessPml4HasTheSystemKernelHalfAndItsOwnSelfMap(String id) {
        PhysicalMemory memory = SampleFixtures.memory(id);
        SampleManifest m = SampleFixtures.image(id).manifest();
        long system = m.systemDtb().value();
        for (SampleProcess p : m.processes()) {
            long pml4 = p.dtb().value();
            assertThat(pml4 % PhysicalPages.PAGE).isZero();
            for (int i = 256; i < 512; i++) {
                long entry = memory.readLong(Pa.of(pml4 + 8L * i));
                if (i == SELF) {
                    assertThat(entry & HardwarePte.FRAME_MASK).isEqualTo(pml4);
                } else {
                    assertThat(entry).isEqualTo(memory.readLong(Pa.of(system + 8L * i)));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void kernelObjectsTranslateThroughEveryProcess(String id) {
        ImageReader r = SampleFixtures.reader(id);
        long someEprocess = r.manifest.processes().get(5).eprocess().value();
        Pa expected = r.kernel.translate(Va.of(someEprocess)).pa().orElseThrow();
        for (SampleProcess p : r.manifest.processes()) {
            assertThat(r.space(p.dtb()).translate(Va.of(someEprocess)).pa()).as(p.imageFileName()).contains(expected);
            assertThat(r.space(p.dtb()).translate(Va.of(someEprocess)).flags().user()).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void userDtbsMapUserSpaceButNotThePools(String id) {
        ImageReader r = SampleFixtures.reader(id);
        boolean kpti = r.profile.has("_KPROCESS", "UserDirectoryTableBase");
        for (SampleProcess p : r.manifest.processes()) {
            boolean kernelOnly = p.peb() == null;
            if (!kpti || kernelOnly) {
                assertThat(p.userDtb()).as(p.imageFileName()).isNull();
                continue;
            }
            assertThat(p.userDtb()).as(p.imageFileName()).isNotNull();
            assertThat(r.pointerField(p.eprocess().value(), "_EPROCESS", "Pcb.UserDirectoryTableBase")).isEqualTo(p.userDtb().value());
            AddressSpace user = r.space(p.userDtb());
            AddressSpace full = r.space(p.dtb());
            if (p.isRunning()) {
                assertThat(user.translate(p.peb()).pa()).isEqualTo(full.translate(p.peb()).pa()).isPresent();
            }
            assertThat(user.translate(p.eprocess()).isMapped()).isFalse();
            assertThat(user.translate(r.manifest.psActiveProcessHead()).isMapped()).isFalse();
            long kernelMapped = user.pages(Va.of(r.profile.is64Bit() ? 0xFFFF_8000_0000_0000L : 0x8000_0000L), Va.of(-1L)).count();
            assertThat(kernelMapped).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theSelfMapShowsThePageTables(String id) {
        ImageReader r = SampleFixtures.reader(id);
        SampleProcess notepad = r.manifest.process(r.manifest.planted().pid());
        AddressSpace space = r.space(notepad.dtb());
        long va = notepad.peb().value();
        long leafEntry = space.translate(Va.of(va)).steps().get(space.translate(Va.of(va)).steps().size() - 1).entryAddress().value();
        long pteVa = r.profile.is64Bit()
                ? X64PageTableWriter.PTE_BASE + ((va & 0x0000_FFFF_FFFF_FFFFL) >>> 12) * 8
                : PaePageTableWriter.PTE_BASE + (va >>> 12) * 8;
        assertThat(space.translate(Va.of(pteVa)).pa()).contains(Pa.of(leafEntry));
    }
}
