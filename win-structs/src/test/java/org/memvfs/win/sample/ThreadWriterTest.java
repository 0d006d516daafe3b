package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.AddressSpace;

/** Threads read back through both thread lists, with their TEBs in their process's memory. */
class ThreadWriterTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void bothThreadListsHoldTheManifestsThreads(String id) {
        ImageReader r = SampleFixtures.reader(id);
        int executiveLink = r.profile.offset("_ETHREAD", "ThreadListEntry");
        int kernelLink = r.profile.offset("_ETHREAD", "Tcb") + r.profile.offset("_KTHREAD", "ThreadListEntry");
        for (SampleProcess p : r.manifest.processes()) {
            long e = p.eprocess().value();
            List<Long> expected = p.threads().stream().map(t -> t.ethread().value()).toList();
            List<Long> executive = new ArrayList<>();
            r.walk(e + r.profile.offset("_EPROCESS", "ThreadListHead")).forEach(x -> executive.add(x - executiveLink));
            List<Long> kernel = new ArrayList<>();
            r.walk(e + r.profile.offset("_EPROCESS", "Pcb.ThreadListHead")).forEach(x -> kernel.add(x - kernelLink));
            assertThat(executive).as(p.imageFileName()).containsExactlyElementsOf(expected);
            assertThat(kernel).containsExactlyElementsOf(expected);
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void threadFieldsAndTebsMatchTheManifest(String id) {
        ImageReader r = SampleFixtures.reader(id);
        Set<Integer> ids = new HashSet<>();
        r.manifest.processes().forEach(p -> ids.add(p.pid()));
        for (SampleProcess p : r.manifest.processes()) {
            AddressSpace space = r.space(p.dtb());
            for (SampleThread t : p.threads()) {
                long e = t.ethread().value();
                assertThat(ids.add(t.tid())).as("thread id " + t.tid() + " is unique").isTrue();
                assertThat(r.pointerField(e, "_ETHREAD", "Cid.UniqueThread")).isEqualTo(t.tid());
                assertThat(r.pointerField(e, "_ETHREAD", "Cid.UniqueProcess")).isEqualTo(p.pid());
                assertThat(r.pointerField(e, "_ETHREAD", "StartAddress")).isEqualTo(t.startAddress().value());
                assertThat(r.pointerField(e, "_ETHREAD", "Win32StartAddress")).isEqualTo(t.win32StartAddress().value());
                assertThat(r.field(e, "_ETHREAD", "Tcb.State", 1)).isEqualTo(t.state());
                assertThat(r.field(e, "_ETHREAD", "Tcb.WaitReason", 1)).isEqualTo(t.waitReason());
                assertThat(r.field(e, "_ETHREAD", "Tcb.Priority", 1)).isEqualTo(t.priority());
                assertThat(r.field(e, "_ETHREAD", "CreateTime", 8)).isEqualTo(t.createTime());
                assertThat(r.field(e, "_ETHREAD", "ExitTime", 8)).isEqualTo(t.exitTime());
                assertThat(r.pointerField(e, "_ETHREAD", "Tcb.Process")).isEqualTo(p.eprocess().value());
                assertThat(r.u8(e)).isEqualTo(ThreadWriter.THREAD_OBJECT);
                assertThat(r.poolTag(e - r.profile.offset("_OBJECT_HEADER", "Body")
                        - r.profile.structSize("_OBJECT_HEADER_QUOTA_INFO"))).isEqualTo("Thre");
                long teb = r.pointerField(e, "_ETHREAD", "Tcb.Teb");
                if (t.teb() == null) {
                    assertThat(teb).isZero();
                    continue;
                }
                assertThat(teb).isEqualTo(t.teb().value());
                int self = r.profile.hasStruct("_TEB") ? r.profile.offset("_TEB", "NtTib.Self") : DocumentedLayouts.TEB64_SELF;
                assertThat(r.pointer(space, teb + self)).isEqualTo(teb);
                SampleModule ntdll = p.modules().stream().filter(m -> m.baseName().equals("ntdll.dll")).findFirst().orElseThrow();
                assertThat(t.startAddress().value()).isBetween(ntdll.base().value(), ntdll.base().value() + ntdll.size());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void systemThreadsHaveNoTebAndStartInTheKernel(String id) {
        SampleManifest m = SampleFixtures.image(id).manifest();
        for (SampleThread t : m.process(4).threads()) {
            assertThat(t.teb()).isNull();
            assertThat(Long.compareUnsigned(t.startAddress().value(), m.kernelBase().value())).isPositive();
        }
        long terminated = m.processes().stream().filter(SampleProcess::isRunning).flatMap(p -> p.threads().stream())
                .filter(t -> t.state() == ThreadWriter.TERMINATED).count();
        assertThat(terminated).isEqualTo(1);
    }
}
