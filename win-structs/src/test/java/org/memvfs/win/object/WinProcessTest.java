package org.memvfs.win.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.ReadResult;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.WalkStep;
import org.memvfs.win.KernelOptions;
import org.memvfs.win.WindowsKernel;
import org.memvfs.win.profile.BitField;
import org.memvfs.win.profile.WindowsProfile;
import org.memvfs.win.sample.SampleManifest;
import org.memvfs.win.sample.SampleModule;
import org.memvfs.win.sample.SampleProcess;
import org.memvfs.win.sample.SampleThread;
import org.memvfs.win.sample.SampleVad;
import org.memvfs.win.testing.Patch;
import org.memvfs.win.testing.Sample;
import org.memvfs.win.testing.Samples;

/** Every process of every sample image, field by field against the manifest; and processes the image corrupts. */
class WinProcessTest {
    @TempDir
    Path dir;

    static List<String> profiles() {
        return Samples.profileIds();
    }

    private static WinProcess view(Sample sample, SampleProcess p) {
        return sample.kernel().objects().process(p.eprocess());
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void everyFieldIsWhatTheBuilderWrote(String profileId) {
        Sample sample = Samples.of(profileId);
        for (SampleProcess p : sample.manifest().processes()) {
            WinProcess w = view(sample, p);
            String as = profileId + " pid " + p.pid();
            assertThat(w.address()).as(as).isEqualTo(p.eprocess());
            assertThat(w.pid()).as(as).isEqualTo(p.pid());
            assertThat(w.parentPid()).as(as).isEqualTo(p.ppid());
            assertThat(w.imageFileName()).as(as).isEqualTo(p.imageFileName());
            assertThat(w.imagePath()).as(as).isEqualTo(p.imagePath());
            assertThat(w.createTime()).as(as).isEqualTo(p.createTime());
            assertThat(w.exitTime()).as(as).isEqualTo(p.exitTime());
            assertThat(w.exitStatus()).as(as).isEqualTo(p.exitStatus());
            assertThat(w.isRunning()).as(as).isEqualTo(p.isRunning());
            assertThat(w.dtb()).as(as).isEqualTo(p.dtb());
            assertThat(w.userDtb()).as(as).isEqualTo(Optional.ofNullable(p.userDtb()));
            assertThat(w.peb()).as(as).isEqualTo(Optional.ofNullable(p.peb()));
            assertThat(w.peb32()).as(as).isEqualTo(Optional.ofNullable(p.peb32()));
            assertThat(w.isWow64()).as(as).isEqualTo(p.isWow64());
            assertThat(w.sessionId()).as(as).isEqualTo(p.sessionId());
            assertThat(w.commandLine()).as(as).isEqualTo(p.commandLine());
            assertThat(w.imagePathName()).as(as).isEqualTo(p.imagePathName());
            assertThat(w.currentDirectory()).as(as).isEqualTo(p.currentDirectory());
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theWalksFindTheBuildersThreadsVadsAndModulesInOrder(String profileId) {
        Sample sample = Samples.of(profileId);
        for (SampleProcess p : sample.manifest().processes()) {
            WinProcess w = view(sample, p);
            String as = profileId + " pid " + p.pid();
            WalkResult<WinThread> threads = w.threads();
            assertThat(threads.problems()).as(as).isEmpty();
            assertThat(threads.items()).as(as).extracting(WinThread::address)
                    .containsExactlyElementsOf(p.threads().stream().map(SampleThread::ethread).toList());
            WalkResult<WinVad> vads = w.vads();
            assertThat(vads.problems()).as(as).isEmpty();
            assertThat(vads.items()).as(as).extracting(WinVad::address)
                    .containsExactlyElementsOf(p.vads().stream().map(SampleVad::node).toList());
            WalkResult<WinModule> modules = w.modules();
            assertThat(modules.problems()).as(as).isEmpty();
            assertThat(modules.items()).as(as).extracting(WinModule::address)
                    .containsExactlyElementsOf(p.modules().stream().map(SampleModule::entry).toList());
            WalkResult<WinModule> wow64 = w.wow64Modules();
            assertThat(wow64.problems()).as(as).isEmpty();
            assertThat(wow64.items()).as(as).extracting(WinModule::address)
                    .containsExactlyElementsOf(p.wow64Modules().stream().map(SampleModule::entry).toList());
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theAddressSpaceReadsTheProcesssOwnMemory(String profileId) {
        Sample sample = Samples.of(profileId);
        SampleManifest m = sample.manifest();
        WinProcess holder = view(sample, m.process(m.planted().pid()));
        byte[] text = new byte[m.planted().text().length()];
        ReadResult read = holder.addressSpace().read(m.planted().va(), ByteBuffer.wrap(text));
        assertThat(read.isComplete()).isTrue();
        assertThat(new String(text, StandardCharsets.US_ASCII)).isEqualTo(m.planted().text());
        assertThat(holder.addressSpace()).isSameAs(holder.addressSpace());
        assertThat(holder.addressSpace().caches()).isSameAs(sample.kernel().kernelSpace().caches());
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void anExitedProcessKeepsItsPebPointerButHasNoUserMemoryToRead(String profileId) {
        Sample sample = Samples.of(profileId);
        SampleProcess exited = sample.manifest().processes().stream().filter(p -> !p.isRunning()).findFirst().orElseThrow();
        WinProcess w = view(sample, exited);
        assertThat(w.isRunning()).isFalse();
        assertThat(w.peb()).isEqualTo(Optional.ofNullable(exited.peb()));
        assertThat(w.commandLine()).isEmpty();
        assertThat(w.modules()).isEqualTo(WalkResult.empty());
    }

    /** The first running process with a PEB and modules: the one whose PEB the tests page out. */
    private static SampleProcess withModules(SampleManifest m) {
        return m.processes().stream().filter(p -> p.isRunning() && p.peb() != null && !p.modules().isEmpty())
                .findFirst().orElseThrow();
    }

    private static long bits(WindowsProfile profile, String struct, String field, long value) {
        BitField f = profile.bitField(struct, field);
        return (value & f.mask()) << f.bitPosition();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    @Timeout(60)
    void aPagedOutPebIsNamedWithItsPagingFileOffset(String profileId) {
        Sample sample = Samples.of(profileId);
        WindowsProfile profile = sample.kernel().profile();
        SampleProcess p = withModules(sample.manifest());
        Translation t = sample.kernelTables().withRoot(sample.manifest().mode().rootOf(p.dtb().value())).translate(p.peb());
        WalkStep pte = t.steps().get(t.steps().size() - 1);
        long pagedOut = bits(profile, "_MMPTE_SOFTWARE", "Protection", 4) | bits(profile, "_MMPTE_SOFTWARE", "PageFileHigh", 0x1a);
        Patch patch = sample.patch(dir).put64(pte.entryAddress(), pagedOut);
        try (PhysicalMemory patched = patch.open()) {
            WinProcess w = WindowsKernel.open(patched, KernelOptions.DEFAULT).objects().process(p.eprocess());
            String expected = "PEB of pid " + p.pid() + " at " + p.peb() + ": paged out (pagefile 0 offset 0x1a000)";
            assertThat(w.modules().items()).isEmpty();
            assertThat(w.modules().problems()).singleElement().asString().startsWith(expected);
            assertThatThrownBy(w::commandLine).isInstanceOf(ObjectReadException.class).hasMessageStartingWith(expected);
            assertThat(w.peb()).contains(p.peb());
            assertThat(w.threads().isComplete()).isTrue();
            assertThat(w.vads().isComplete()).isTrue();
        }
    }

    @Test
    @Timeout(60)
    void aCycleInAThreadListEndsTheWalkAndSaysWhere() {
        Sample sample = Samples.of("win10-19041-x64");
        SampleProcess p = sample.manifest().processes().stream().filter(x -> x.threads().size() >= 4).findFirst().orElseThrow();
        int links = sample.kernel().profile().offset("_ETHREAD", "ThreadListEntry");
        Va third = p.threads().get(2).ethread().plus(links);
        Va first = p.threads().get(0).ethread().plus(links);
        Patch patch = sample.patch(dir);
        patch.kernelPointer(third, first.value());
        try (PhysicalMemory patched = patch.open()) {
            WalkResult<WinThread> threads = WindowsKernel.open(patched, KernelOptions.DEFAULT).objects()
                    .process(p.eprocess()).threads();
            assertThat(threads.items()).extracting(WinThread::address)
                    .containsExactlyElementsOf(p.threads().subList(0, 3).stream().map(SampleThread::ethread).toList());
            assertThat(threads.problems()).singleElement().asString().contains("ThreadListHead").contains("cycle")
                    .contains(first.toString());
        }
    }

    @Test
    @Timeout(60)
    void anImagePathPointingNowhereIsAClearErrorAndTheRestStillReads() {
        Sample sample = Samples.of("win10-19041-x64");
        SampleProcess p = withModules(sample.manifest());
        WindowsProfile profile = sample.kernel().profile();
        Va audit = p.eprocess().plus(profile.offset("_EPROCESS", "SeAuditProcessCreationInfo"));
        Patch patch = sample.patch(dir);
        patch.kernelPointer(audit, 0xffff_dead_0000_0000L);
        try (PhysicalMemory patched = patch.open()) {
            WinProcess w = WindowsKernel.open(patched, KernelOptions.DEFAULT).objects().process(p.eprocess());
            assertThatThrownBy(w::imagePath).isInstanceOf(MemoryException.class).isInstanceOf(ObjectReadException.class)
                    .hasMessageContaining("ffffdead00000000").hasMessageContaining("not present");
            assertThat(w.imageFileName()).isEqualTo(p.imageFileName());
            assertThat(w.commandLine()).isEqualTo(p.commandLine());
        }
    }

    @Test
    void aProcessThatIsNotThereFailsWithTheAddressAndWhy() {
        Sample sample = Samples.of("win10-19041-x64");
        WinProcess nowhere = sample.kernel().objects().process(new Va(0xffff_dead_0000_0000L));
        assertThatThrownBy(nowhere::pid).isInstanceOf(ObjectReadException.class)
                .hasMessage("process at ffffdead00000000: not present, reading _EPROCESS.UniqueProcessId"
                        + " (va ffffdead00000440, root " + sample.manifest().systemDtb() + ", level PML4, entry "
                        + sample.kernel().kernelSpace().walk(new Va(0xffff_dead_0000_0440L)).steps().get(0).entry() + ")");
        assertThat(nowhere.threads().items()).isEmpty();
        assertThat(nowhere.threads().problems()).singleElement().asString().contains("not present");
        assertThat(nowhere.vads().problems()).singleElement().asString().contains("not present");
        assertThat(nowhere.modules().problems()).singleElement().asString().contains("not present");
    }


    /** Calls {@code read}; anything it throws must be a MemoryException, which is what callers handle. */
    private static void tolerated(Runnable read) {
        try {
            read.run();
        } catch (MemoryException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static void readEverything(WinProcess w) {
        for (Runnable getter : List.<Runnable>of(w::pid, w::parentPid, w::imageFileName, w::imagePath, w::exitStatus,
                w::isRunning, w::createTime, w::exitTime, w::dtb, w::userDtb, w::peb, w::peb32, w::isWow64, w::sessionId,
                w::commandLine, w::imagePathName, w::currentDirectory, w::addressSpace)) {
            tolerated(getter);
        }
        tolerated(() -> w.threads().items().forEach(t -> List.<Runnable>of(t::tid, t::pid, t::startAddress,
                t::win32StartAddress, t::teb, t::state, t::waitReason, t::priority, t::createTime, t::exitTime,
                t::kernelTime, t::userTime).forEach(WinProcessTest::tolerated)));
        tolerated(() -> w.vads().items().forEach(v -> List.<Runnable>of(v::start, v::end, v::vadType, v::protection,
                v::isPrivate, v::isCommitted, v::fileName).forEach(WinProcessTest::tolerated)));
        for (WalkResult<WinModule> list : List.of(w.modules(), w.wow64Modules())) {
            list.items().forEach(m -> List.<Runnable>of(m::base, m::size, m::entryPoint, m::fullName, m::baseName)
                    .forEach(WinProcessTest::tolerated));
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"win7-7601-x64", "win10-19041-x64", "win11-26100-x64",
            "win7-7601-x86-pae", "win10-19041-x86"})
    @Timeout(120)
    void randomBytesInAnEprocessGiveValuesOrMemoryExceptionsNeverAnythingElse(String profileId) {
        Sample sample = Samples.of(profileId);
        WindowsProfile profile = sample.kernel().profile();
        SampleProcess victim = withModules(sample.manifest());
        int size = profile.structSize("_EPROCESS");
        java.util.Random random = new java.util.Random(profileId.hashCode());
        Patch patch = sample.patch(dir);
        for (int offset = 0; offset < size; offset += 8) {
            byte[] garbage = new byte[Math.min(8, size - offset)];
            random.nextBytes(garbage);
            patch.put(patch.kernelPa(victim.eprocess().plus(offset)), garbage);
        }
        try (PhysicalMemory patched = patch.open()) {
            WindowsKernel kernel = WindowsKernel.open(patched, KernelOptions.DEFAULT);
            readEverything(kernel.objects().process(victim.eprocess()));
            tolerated(() -> kernel.processes().items().forEach(WinProcessTest::readEverything));
        }
    }
}
