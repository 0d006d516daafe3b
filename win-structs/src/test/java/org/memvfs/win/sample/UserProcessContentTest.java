package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MappedPage;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.BitField;
import org.memvfs.win.profile.WindowsProfile;

/** The user half of each process, read back through its own page tables. */
class UserProcessContentTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    static List<String> x64Profiles() {
        return SampleImages.supportedProfiles().stream().filter(id -> id.endsWith("-x64")).toList();
    }

    private static List<SampleProcess> withUserCode(SampleManifest m) {
        return m.processes().stream().filter(p -> p.peb() != null && p.isRunning()).toList();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void pebsArePageAlignedUserPagesThatAreNotImages(String id) {
        ImageReader r = SampleFixtures.reader(id);
        for (SampleProcess p : withUserCode(r.manifest)) {
            AddressSpace space = r.space(p.dtb());
            long peb = p.peb().value();
            assertThat(peb % PhysicalPages.PAGE).isZero();
            assertThat(peb).isPositive().isLessThan(r.userEnd());
            Translation t = space.translate(Va.of(peb));
            assertThat(t.isMapped()).as(p.imageFileName()).isTrue();
            assertThat(t.flags().user()).isTrue();
            assertThat(new String(r.read(space, peb, 2), StandardCharsets.US_ASCII)).isNotEqualTo("MZ");
            assertThat(r.pointer(space, peb + r.profile.offset("_PEB", "ImageBaseAddress"))).isEqualTo(p.modules().get(0).base().value());
            assertThat(r.get(space, peb + r.profile.offset("_PEB", "SessionId"), 4)).isEqualTo(p.sessionId());
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theLoaderListsAreConsistentAndMatchTheManifest(String id) {
        ImageReader r = SampleFixtures.reader(id);
        for (SampleProcess p : withUserCode(r.manifest)) {
            AddressSpace space = r.space(p.dtb());
            long ldr = r.pointer(space, p.peb().value() + r.profile.offset("_PEB", "Ldr"));
            List<Long> expected = p.modules().stream().map(m -> m.entry().value()).toList();
            assertThat(entries(r, space, r.profile, ldr, "InLoadOrderModuleList", "InLoadOrderLinks", r.ptr))
                    .as(p.imageFileName()).containsExactlyElementsOf(expected);
            assertThat(entries(r, space, r.profile, ldr, "InMemoryOrderModuleList", "InMemoryOrderLinks", r.ptr))
                    .containsExactlyElementsOf(expected);
            List<Long> init = entries(r, space, r.profile, ldr, "InInitializationOrderModuleList", "InInitializationOrderLinks", r.ptr);
            assertThat(init).containsExactlyInAnyOrderElementsOf(expected.subList(1, expected.size()));
            assertThat(init.get(0)).isEqualTo(p.modules().get(1).entry().value());
            checkModules(r, space, r.profile, r.ptr, p.modules());
            List<String> names = p.modules().stream().map(m -> m.baseName().toLowerCase(Locale.ROOT)).toList();
            if (!p.imageFileName().equals("smss.exe") && !p.isWow64()) {
                assertThat(names).contains("ntdll.dll", "kernel32.dll", "kernelbase.dll");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void processParametersHoldTheCommandLinePathAndDirectory(String id) {
        ImageReader r = SampleFixtures.reader(id);
        String s = "_RTL_USER_PROCESS_PARAMETERS";
        for (SampleProcess p : withUserCode(r.manifest)) {
            AddressSpace space = r.space(p.dtb());
            long params = r.pointer(space, p.peb().value() + r.profile.offset("_PEB", "ProcessParameters"));
            assertThat(r.unicode(space, params + r.profile.offset(s, "CommandLine"))).isEqualTo(p.commandLine()).isNotEmpty();
            assertThat(r.unicode(space, params + r.profile.offset(s, "ImagePathName"))).isEqualTo(p.imagePathName());
            assertThat(r.unicode(space, params + r.profile.offset(s, "CurrentDirectory.DosPath"))).isEqualTo(p.currentDirectory());
            long environment = r.pointer(space, params + r.profile.offset(s, "Environment"));
            assertThat(new String(r.read(space, environment, 32), StandardCharsets.UTF_16LE)).startsWith("ALLUSERSPROFILE=");
        }
    }

    @ParameterizedTest
    @MethodSource("x64Profiles")
    void theWow64ProcessHasAPeb32WithA32BitLoaderList(String id) {
        ImageReader r = SampleFixtures.reader(id);
        List<SampleProcess> wow64 = r.manifest.processes().stream().filter(SampleProcess::isWow64).toList();
        assertThat(wow64).hasSize(1);
        SampleProcess p = wow64.get(0);
        AddressSpace space = r.space(p.dtb());
        long field = r.pointerField(p.eprocess().value(), "_EPROCESS", "Wow64Process|WoW64Process");
        long peb32 = r.profile.hasStruct("_EWOW64PROCESS") ? r.pointerField(field, "_EWOW64PROCESS", "Peb") : field;
        assertThat(peb32).isEqualTo(p.peb32().value()).isLessThan(1L << 32);
        WindowsProfile p32 = new BuildContext(r.profile).profile32;
        assertThat(r.get(space, peb32 + r.profile.offset("_PEB32", "ImageBaseAddress"), 4)).isEqualTo(p.wow64Modules().get(0).base().value());
        long ldr32 = r.get(space, peb32 + r.profile.offset("_PEB32", "Ldr"), 4);
        List<Long> entries = entries(r, space, p32, ldr32, "InLoadOrderModuleList", "InLoadOrderLinks", 4);
        assertThat(entries).containsExactlyElementsOf(p.wow64Modules().stream().map(m -> m.entry().value()).toList());
        checkModules(r, space, p32, 4, p.wow64Modules());
        assertThat(p.wow64Modules().subList(1, p.wow64Modules().size())).allMatch(m -> m.fullName().startsWith("C:\\Windows\\SysWOW64\\"));
        PeReader exe = new PeReader((rva, n) -> r.read(space, p.wow64Modules().get(0).base().value() + rva, n));
        assertThat(exe.machine()).isEqualTo(PeImage.MACHINE_I386);
        assertThat(p.modules().stream().map(SampleModule::baseName)).contains("wow64.dll", "ntdll.dll");
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void thePlantedStringOccursExactlyOnceInAllUserMemory(String id) {
        ImageReader r = SampleFixtures.reader(id);
        byte[] needle = r.manifest.planted().text().getBytes(StandardCharsets.US_ASCII);
        List<String> hits = new ArrayList<>();
        for (SampleProcess p : r.manifest.processes()) {
            AddressSpace space = r.space(p.dtb());
            List<MappedPage> pages = space.pages(Va.of(0), Va.of(r.userEnd())).toList();
            for (MappedPage page : pages) {
                byte[] bytes = new byte[(int) page.size()];
                r.memory.read(page.pa(), java.nio.ByteBuffer.wrap(bytes));
                for (int at = indexOf(bytes, needle, 0); at >= 0; at = indexOf(bytes, needle, at + 1)) {
                    hits.add(p.pid() + "@" + page.va().plus(at));
                }
            }
        }
        assertThat(hits).containsExactly(r.manifest.planted().pid() + "@" + r.manifest.planted().va());
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void vadsAreBackedByPagesOrByRecordedSoftwareEntries(String id) {
        ImageReader r = SampleFixtures.reader(id);
        for (SampleProcess p : r.manifest.processes()) {
            AddressSpace space = r.space(p.dtb());
            for (SampleVad v : p.vads()) {
                boolean present = space.pages(v.start(), v.end()).findAny().isPresent();
                boolean software = p.softwarePages().stream()
                        .anyMatch(s -> s.va().compareTo(v.start()) >= 0 && s.va().compareTo(v.end()) <= 0);
                assertThat(present || software).as(p.imageFileName() + " " + v.start()).isTrue();
                if (v.vadType() == VadEntry.VAD_IMAGE_MAP) {
                    assertThat(new String(r.read(space, v.start().value(), 2), StandardCharsets.US_ASCII)).isEqualTo("MZ");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void softwarePagesAreInWindowsFormats(String id) {
        ImageReader r = SampleFixtures.reader(id);
        List<SampleProcess> holders = r.manifest.processes().stream().filter(p -> !p.softwarePages().isEmpty()).toList();
        assertThat(holders).hasSize(1);
        SampleProcess p = holders.get(0);
        assertThat(p.softwarePages().stream().map(SampleSoftwarePage::kind).distinct())
                .containsExactlyInAnyOrder(SampleSoftwarePage.Kind.values());
        AddressSpace space = r.space(p.dtb());
        WindowsProfile f = r.profile;
        for (SampleSoftwarePage s : p.softwarePages()) {
            Translation t = space.translate(s.va());
            assertThat(t.isMapped()).isFalse();
            long pte = t.steps().get(t.steps().size() - 1).entry().raw();
            assertThat(pte & 1).isZero();
            switch (s.kind()) {
                case TRANSITION -> {
                    assertThat(bits(f, "_MMPTE_TRANSITION", "Transition", pte)).isEqualTo(1);
                    assertThat(bits(f, "_MMPTE_TRANSITION", "Prototype", pte)).isZero();
                    assertThat(bits(f, "_MMPTE_TRANSITION", "PageFrameNumber", pte) << 12).isEqualTo(s.page().value());
                    assertThat(r.memory.readLong(s.page().plus(0x40))).isNotZero();
                }
                case PAGED_OUT -> {
                    assertThat(bits(f, "_MMPTE_SOFTWARE", "Transition", pte)).isZero();
                    assertThat(bits(f, "_MMPTE_SOFTWARE", "Prototype", pte)).isZero();
                    assertThat(bits(f, "_MMPTE_SOFTWARE", "PageFileLow", pte)).isEqualTo(s.pageFile());
                    assertThat(bits(f, "_MMPTE_SOFTWARE", "PageFileHigh", pte) * PhysicalPages.PAGE).isEqualTo(s.pageFileOffset());
                }
                case PROTOTYPE -> {
                    assertThat(bits(f, "_MMPTE_PROTOTYPE", "Prototype", pte)).isEqualTo(1);
                    BitField address = f.bitField("_MMPTE_PROTOTYPE", "ProtoAddress");
                    long proto = address.extract(pte);
                    if (f.is64Bit()) {
                        proto = (proto << 16) >> 16;
                    }
                    long prototypePte = r.u64(proto);
                    assertThat(prototypePte & 1).isEqualTo(1);
                    assertThat(prototypePte & 0x000F_FFFF_FFFF_F000L).isEqualTo(s.page().value());
                }
            }
        }
    }

    private static long bits(WindowsProfile f, String struct, String field, long pte) {
        return f.bitField(struct, field).extract(pte);
    }

    private static List<Long> entries(ImageReader r, AddressSpace space, WindowsProfile f, long ldr, String head, String link, int ptr) {
        int offset = f.offset("_LDR_DATA_TABLE_ENTRY", link);
        return r.walk(space, ldr + f.offset("_PEB_LDR_DATA", head), ptr, 100).stream().map(e -> e - offset).toList();
    }

    private static void checkModules(ImageReader r, AddressSpace space, WindowsProfile f, int ptr, List<SampleModule> modules) {
        String s = "_LDR_DATA_TABLE_ENTRY";
        for (SampleModule m : modules) {
            long e = m.entry().value();
            assertThat(r.get(space, e + f.offset(s, "DllBase"), ptr)).isEqualTo(m.base().value());
            assertThat(r.get(space, e + f.offset(s, "SizeOfImage"), 4)).isEqualTo(m.size());
            assertThat(r.unicode(space, e + f.offset(s, "FullDllName"), ptr, f)).isEqualTo(m.fullName());
            assertThat(r.unicode(space, e + f.offset(s, "BaseDllName"), ptr, f)).isEqualTo(m.baseName());
            PeReader pe = new PeReader((rva, n) -> r.read(space, m.base().value() + rva, n));
            assertThat(pe.sizeOfImage()).isEqualTo(m.size());
            assertThat(pe.imageBase()).isEqualTo(m.base().value());
            assertThat(m.entryPoint().value()).isEqualTo(m.base().value() + pe.entryRva());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
