package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The processes of every sample, read back through mmu by the profile's offsets. */
class ProcessBuilderTest {
    private static final Set<String> KERNEL_PROCESSES = Set.of("System", "Registry", "MemCompression");

    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void activeProcessLinksListTheManifestsProcessesInOrder(String id) {
        ImageReader r = SampleFixtures.reader(id);
        int links = r.profile.offset("_EPROCESS", "ActiveProcessLinks");
        List<Long> listed = new ArrayList<>();
        for (long entry : r.walk(r.manifest.psActiveProcessHead().value())) {
            listed.add(entry - links);
        }
        assertThat(listed).containsExactlyElementsOf(r.manifest.processes().stream().map(p -> p.eprocess().value()).toList());
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void systemComesFirstThenRegistryOrSmss(String id) {
        SampleManifest m = SampleFixtures.image(id).manifest();
        SampleProcess system = m.processes().get(0);
        assertThat(system.pid()).isEqualTo(4);
        assertThat(system.ppid()).isZero();
        assertThat(system.imageFileName()).isEqualTo("System");
        assertThat(system.peb()).isNull();
        String second = m.processes().get(1).imageFileName();
        assertThat(second).isEqualTo(m.buildNumber() >= 17134 ? "Registry" : "smss.exe");
        SampleProcess smss = m.processes().stream().filter(p -> p.imageFileName().equals("smss.exe")).findFirst().orElseThrow();
        assertThat(smss.ppid()).isEqualTo(4);
        assertThat(m.processes().indexOf(smss)).isLessThanOrEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void eprocessFieldsHoldWhatTheManifestSays(String id) {
        ImageReader r = SampleFixtures.reader(id);
        for (SampleProcess p : r.manifest.processes()) {
            long e = p.eprocess().value();
            assertThat(r.pointerField(e, "_EPROCESS", "UniqueProcessId")).as(p.imageFileName()).isEqualTo(p.pid());
            assertThat(r.pointerField(e, "_EPROCESS", "InheritedFromUniqueProcessId")).isEqualTo(p.ppid());
            assertThat(new String(r.read(e + r.profile.offset("_EPROCESS", "ImageFileName"), 15), StandardCharsets.US_ASCII))
                    .startsWith(p.imageFileName() + "\0");
            assertThat(r.pointerField(e, "_EPROCESS", "Pcb.DirectoryTableBase")).isEqualTo(p.dtb().value());
            assertThat(r.field(e, "_EPROCESS", "ExitStatus", 4)).isEqualTo(p.exitStatus() & 0xFFFF_FFFFL);
            assertThat(r.field(e, "_EPROCESS", "CreateTime", 8)).isEqualTo(p.createTime());
            assertThat(r.field(e, "_EPROCESS", "ExitTime", 8)).isEqualTo(p.exitTime());
            assertThat(r.pointerField(e, "_EPROCESS", "Peb")).isEqualTo(p.peb() == null ? 0 : p.peb().value());
            // _KPROCESS.Header: type ProcessObject (3), SignalState (dword +4) 0 while the process lives
            assertThat(r.u8(e)).isEqualTo(3);
            assertThat(r.u32(e + 4)).isEqualTo(p.isRunning() ? 0 : 1);
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void processesAreProcObjectsWhoseTypeIndexDecodesToProcess(String id) {
        ImageReader r = SampleFixtures.reader(id);
        long header = r.manifest.processes().get(0).eprocess().value() - r.profile.offset("_OBJECT_HEADER", "Body");
        int infoMask = (int) r.field(header, "_OBJECT_HEADER", "InfoMask", 1);
        assertThat(infoMask).isEqualTo(ObjectManager.QUOTA_INFO);
        for (SampleProcess p : r.manifest.processes()) {
            long h = p.eprocess().value() - r.profile.offset("_OBJECT_HEADER", "Body");
            assertThat(r.poolTag(h - r.profile.structSize("_OBJECT_HEADER_QUOTA_INFO"))).isEqualTo("Proc");
            long stored = r.field(h, "_OBJECT_HEADER", "TypeIndex", 1);
            int index = (int) decodeTypeIndex(r, h, stored);
            long type = r.pointer(typeTable(r) + (long) index * r.ptr);
            assertThat(r.unicode(type + r.profile.offset("_OBJECT_TYPE", "Name"))).isEqualTo("Process");
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void parentsExitedWhereRealSystemsHaveExitedParents(String id) {
        SampleManifest m = SampleFixtures.image(id).manifest();
        Map<Integer, SampleProcess> byPid = m.processes().stream().collect(Collectors.toMap(SampleProcess::pid, Function.identity()));
        assertThat(byPid).hasSize(m.processes().size());
        assertThat(m.processes()).hasSizeGreaterThanOrEqualTo(30);
        for (SampleProcess p : m.processes()) {
            SampleProcess parent = byPid.get(p.ppid());
            if (Set.of("csrss.exe", "wininit.exe", "winlogon.exe", "explorer.exe").contains(p.imageFileName())) {
                assertThat(parent).as(p.imageFileName() + "'s parent").isNull();
            } else if (p.pid() != 4) {
                assertThat(parent).as(p.imageFileName() + "'s parent").isNotNull();
                assertThat(p.createTime()).isGreaterThan(parent.createTime());
            }
            assertThat(p.createTime()).isLessThan(m.systemTime());
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void oneProcessHasExitedButIsStillListed(String id) {
        SampleManifest m = SampleFixtures.image(id).manifest();
        List<SampleProcess> exited = m.processes().stream().filter(p -> !p.isRunning()).toList();
        assertThat(exited).hasSize(1);
        SampleProcess p = exited.get(0);
        assertThat(p.exitTime()).isGreaterThan(p.createTime()).isLessThan(m.systemTime());
        assertThat(p.threads()).allMatch(t -> t.state() == ThreadWriter.TERMINATED);
        assertThat(p.vads()).isEmpty();
        ImageReader r = SampleFixtures.reader(id);
        assertThat(r.pointerField(p.eprocess().value(), "_EPROCESS", "ObjectTable")).isZero();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void liveProcessesHaveHandleTablesAndTokens(String id) {
        ImageReader r = SampleFixtures.reader(id);
        int refBits = r.profile.bitField("_EX_FAST_REF", "RefCnt").bitLength();
        for (SampleProcess p : r.manifest.processes()) {
            long e = p.eprocess().value();
            long token = r.pointerField(e, "_EPROCESS", "Token") & -(1L << refBits);
            assertThat(r.field(token, "_TOKEN", "SessionId", 4)).as(p.imageFileName()).isEqualTo(p.sessionId());
            if (p.isRunning()) {
                long table = r.pointerField(e, "_EPROCESS", "ObjectTable");
                assertThat(r.poolTag(table)).isEqualTo("Obtb");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void auditNamesAreDevicePathsFollowingTheirHeader(String id) {
        ImageReader r = SampleFixtures.reader(id);
        for (SampleProcess p : r.manifest.processes()) {
            long info = r.pointerField(p.eprocess().value(), "_EPROCESS", "SeAuditProcessCreationInfo.ImageFileName");
            long name = info + r.profile.offset("_OBJECT_NAME_INFORMATION", "Name");
            assertThat(r.unicode(name)).isEqualTo(p.imagePath());
            if (KERNEL_PROCESSES.contains(p.imageFileName())) {
                assertThat(p.imagePath()).isEmpty();
                continue;
            }
            int length = (int) r.field(name, "_UNICODE_STRING", "Length", 2);
            int maximum = (int) r.field(name, "_UNICODE_STRING", "MaximumLength", 2);
            assertThat(p.imagePath()).startsWith("\\Device\\HarddiskVolume3\\");
            assertThat(length).isLessThan(maximum).isLessThan(260);
            assertThat(r.pointerField(name, "_UNICODE_STRING", "Buffer")).isEqualTo(info + r.profile.structSize("_OBJECT_NAME_INFORMATION"));
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void sectionBaseAddressIsTheImagesMzPage(String id) {
        ImageReader r = SampleFixtures.reader(id);
        for (SampleProcess p : r.manifest.processes()) {
            if (p.peb() == null || !p.isRunning()) {
                continue;
            }
            long base = r.pointerField(p.eprocess().value(), "_EPROCESS", "SectionBaseAddress");
            assertThat(new String(r.read(r.space(p.dtb()), base, 2), StandardCharsets.US_ASCII)).as(p.imageFileName()).isEqualTo("MZ");
            assertThat(base).isEqualTo(p.modules().get(0).base().value());
        }
    }

    private static long typeTable(ImageReader r) {
        // ObTypeIndexTable is not exported; the test finds it through ObpTypeObjectType's neighbours: by plan
        return SampleFixtures.image(r.manifest.profileId()).manifest().kernelBase().value()
                + KernelImagePlan.plan(r.profile, SampleImageBuilder.kernelVariables(r.profile)).rva("ObTypeIndexTable");
    }

    private static long decodeTypeIndex(ImageReader r, long header, long stored) {
        if (r.manifest.buildNumber() < 9200) {
            return stored;
        }
        long cookieVa = r.manifest.kernelBase().value()
                + KernelImagePlan.plan(r.profile, SampleImageBuilder.kernelVariables(r.profile)).rva("ObHeaderCookie");
        long cookie = r.u8(cookieVa);
        return (stored ^ ((header >>> 8) & 0xFF) ^ cookie) & 0xFF;
    }
}
