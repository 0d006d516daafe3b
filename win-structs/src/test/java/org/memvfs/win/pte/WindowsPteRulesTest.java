package org.memvfs.win.pte;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PagingLevel;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.Pte;
import org.memvfs.mmu.SoftwareEntry;
import org.memvfs.mmu.StopReason;
import org.memvfs.mmu.Translation;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.BitField;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.object.WinProcess;
import org.memvfs.win.profile.WindowsProfile;
import org.memvfs.win.sample.SampleProcess;
import org.memvfs.win.sample.SampleSoftwarePage;
import org.memvfs.win.testing.Sample;
import org.memvfs.win.testing.Samples;
import org.memvfs.win.testing.ToyMemory;
import org.memvfs.win.testing.ToyTables;

/** Windows' not-present entries, built bit by bit from each profile's _MMPTE_* layout. */
class WindowsPteRulesTest {
    private static final WindowsProfile WIN10 = Profiles.byId("win10-19041-x64");
    private static final WindowsProfile WIN7_PAE = Profiles.byId("win7-7601-x86-pae");
    private static final PagingLevel PT = PagingMode.X64_4LEVEL.levels().get(3);
    private static final PagingLevel PD = PagingMode.X64_4LEVEL.levels().get(2);
    private static final Va USER_VA = new Va(0x7ff6_1234_5000L);

    private static long bits(WindowsProfile profile, String struct, String field, long value) {
        BitField f = profile.bitField(struct, field);
        return (value & f.mask()) << f.bitPosition();
    }

    private static long protection(WindowsProfile profile) {
        return bits(profile, "_MMPTE_SOFTWARE", "Protection", 4);
    }

    @Test
    void aTransitionEntryStillNamesItsPage() {
        long raw = bits(WIN10, "_MMPTE_TRANSITION", "Transition", 1) | protection(WIN10)
                | bits(WIN10, "_MMPTE_TRANSITION", "PageFrameNumber", 0x1234);
        SoftwareEntry e = WindowsPteRules.of(WIN10).resolve(PT, new Pte(raw), USER_VA);
        assertThat(e.reason()).isEqualTo(StopReason.TRANSITION);
        assertThat(e.page()).isEqualTo(new Pa(0x123_4000));
    }

    @Test
    void aPagingFileEntryNamesTheFileAndTheOffset() {
        long raw = protection(WIN10) | bits(WIN10, "_MMPTE_SOFTWARE", "PageFileLow", 2)
                | bits(WIN10, "_MMPTE_SOFTWARE", "PageFileHigh", 0x1a);
        SoftwareEntry e = WindowsPteRules.of(WIN10).resolve(PT, new Pte(raw), USER_VA);
        assertThat(e.isResolved()).isFalse();
        assertThat(e.reason()).isEqualTo(StopReason.PAGED_OUT);
        assertThat(e.detail()).isEqualTo("pagefile 2 offset 0x1a000");
    }

    @Test
    void anEntryWithOnlyAProtectionIsDemandZero() {
        SoftwareEntry e = WindowsPteRules.of(WIN10).resolve(PT, new Pte(protection(WIN10)), USER_VA);
        assertThat(e.reason()).isEqualTo(StopReason.DEMAND_ZERO);
        assertThat(e.isResolved()).isFalse();
    }

    @Test
    void theOlderWin7PaeLayoutKeepsPageFileLowAtBitOne() {
        assertThat(WIN7_PAE.bitField("_MMPTE_SOFTWARE", "PageFileLow").bitPosition()).isEqualTo(1);
        long raw = bits(WIN7_PAE, "_MMPTE_SOFTWARE", "PageFileLow", 1) | protection(WIN7_PAE)
                | bits(WIN7_PAE, "_MMPTE_SOFTWARE", "PageFileHigh", 5);
        SoftwareEntry e = WindowsPteRules.of(WIN7_PAE).resolve(PT, new Pte(raw), new Va(0x40_0000));
        assertThat(e.reason()).isEqualTo(StopReason.PAGED_OUT);
        assertThat(e.detail()).isEqualTo("pagefile 1 offset 0x5000");
    }

    @Test
    void aPrototypeIsReportedWhenNoKernelSpaceIsGivenToReadIt() {
        long raw = bits(WIN10, "_MMPTE_PROTOTYPE", "Prototype", 1)
                | bits(WIN10, "_MMPTE_PROTOTYPE", "ProtoAddress", 0xffff_8000_0010_0008L);
        SoftwareEntry e = WindowsPteRules.of(WIN10).resolve(PT, new Pte(raw), USER_VA);
        assertThat(e.reason()).isEqualTo(StopReason.PROTOTYPE);
        assertThat(e.isResolved()).isFalse();
        assertThat(e.detail()).isEqualTo("prototype PTE at ffff800000100008");
    }

    @Test
    void aPrototypeBitAboveTheLastLevelIsNotFollowed() {
        long raw = bits(WIN10, "_MMPTE_PROTOTYPE", "Prototype", 1);
        assertThat(WindowsPteRules.of(WIN10).resolve(PD, new Pte(raw), USER_VA).reason()).isEqualTo(StopReason.SOFTWARE);
    }

    /** Kernel page 0xFFFF8000'00100000 holds prototype PTEs at frame 0x50000. */
    private static final long PROTO_PAGE = 0xffff_8000_0010_0000L;

    private static AddressSpace userSpaceWithPrototypes(long prototypeEntry) {
        ToyMemory memory = new ToyMemory(2 << 20);
        ToyTables tables = new ToyTables(memory, 0x1000).map(PROTO_PAGE, 0x50000);
        memory.put64(0x50008, prototypeEntry);
        long pointing = bits(WIN10, "_MMPTE_PROTOTYPE", "Prototype", 1)
                | bits(WIN10, "_MMPTE_PROTOTYPE", "ProtoAddress", PROTO_PAGE + 8);
        tables.entry(USER_VA.value(), pointing);
        WindowsPteRules rules = WindowsPteRules.of(WIN10);
        AddressSpace plain = tables.space();
        return plain.withResolver(rules.withPrototypesFrom(plain.withResolver(rules)));
    }

    @Test
    void aValidPrototypeGivesItsPageAndTheWalkSaysItWentThroughAPrototype() {
        long valid = bits(WIN10, "_MMPTE_HARDWARE", "Valid", 1) | bits(WIN10, "_MMPTE_HARDWARE", "PageFrameNumber", 0x77);
        Translation t = userSpaceWithPrototypes(valid).translate(USER_VA.plus(0x10));
        assertThat(t.isMapped()).isTrue();
        assertThat(t.reason()).isEqualTo(StopReason.PROTOTYPE);
        assertThat(t.pa()).contains(new Pa(0x77010));
        assertThat(t.detail()).isEqualTo("prototype PTE at ffff800000100008");
    }

    @Test
    void aPrototypeInTransitionStillGivesItsPage() {
        long transition = bits(WIN10, "_MMPTE_TRANSITION", "Transition", 1) | protection(WIN10)
                | bits(WIN10, "_MMPTE_TRANSITION", "PageFrameNumber", 0x88);
        Translation t = userSpaceWithPrototypes(transition).translate(USER_VA);
        assertThat(t.pageBase()).contains(new Pa(0x88000));
        assertThat(t.detail()).contains("in transition");
    }

    @Test
    void aPagedOutPrototypeNamesThePagingFile() {
        long pagedOut = protection(WIN10) | bits(WIN10, "_MMPTE_SOFTWARE", "PageFileLow", 0)
                | bits(WIN10, "_MMPTE_SOFTWARE", "PageFileHigh", 0x33);
        Translation t = userSpaceWithPrototypes(pagedOut).translate(USER_VA);
        assertThat(t.isMapped()).isFalse();
        assertThat(t.reason()).isEqualTo(StopReason.PAGED_OUT);
        assertThat(t.detail()).isEqualTo("prototype PTE at ffff800000100008: pagefile 0 offset 0x33000");
    }

    @Test
    void aPrototypeThatPointsAtAPrototypeIsReportedNotFollowed() {
        long subsection = bits(WIN10, "_MMPTE_PROTOTYPE", "Prototype", 1) | protection(WIN10);
        Translation t = userSpaceWithPrototypes(subsection).translate(USER_VA);
        assertThat(t.isMapped()).isFalse();
        assertThat(t.reason()).isEqualTo(StopReason.PROTOTYPE);
        assertThat(t.detail()).contains("mapped file");
    }

    @Test
    void aPrototypeAtAnUnmappedKernelAddressCannotBeRead() {
        ToyMemory memory = new ToyMemory(1 << 20);
        ToyTables tables = new ToyTables(memory, 0x1000);
        long pointing = bits(WIN10, "_MMPTE_PROTOTYPE", "Prototype", 1)
                | bits(WIN10, "_MMPTE_PROTOTYPE", "ProtoAddress", 0xffff_9000_0000_0000L);
        tables.entry(USER_VA.value(), pointing);
        WindowsPteRules rules = WindowsPteRules.of(WIN10);
        AddressSpace space = tables.space().withResolver(rules.withPrototypesFrom(tables.space()));
        Translation t = space.translate(USER_VA);
        assertThat(t.reason()).isEqualTo(StopReason.PROTOTYPE);
        assertThat(t.detail()).isEqualTo("prototype PTE at ffff900000000000 cannot be read: not present");
    }

    static List<String> profiles() {
        return Samples.profileIds();
    }

    /** The user pages the builder left not present resolve as it recorded, through each process's address space. */
    @ParameterizedTest
    @MethodSource("profiles")
    void theSamplesSoftwarePagesResolveAsTheBuilderRecorded(String profileId) {
        Sample sample = Samples.of(profileId);
        int checked = 0;
        for (SampleProcess p : sample.manifest().processes()) {
            WinProcess process = sample.kernel().objects().process(p.eprocess());
            for (SampleSoftwarePage page : p.softwarePages()) {
                Translation t = process.addressSpace().translate(page.va());
                String as = profileId + " pid " + p.pid() + " " + page;
                switch (page.kind()) {
                    case TRANSITION -> {
                        assertThat(t.reason()).as(as).isEqualTo(StopReason.TRANSITION);
                        assertThat(t.pageBase()).as(as).contains(page.page());
                    }
                    case PROTOTYPE -> {
                        assertThat(t.reason()).as(as).isEqualTo(StopReason.PROTOTYPE);
                        assertThat(t.pageBase()).as(as).contains(page.page());
                        assertThat(t.detail()).as(as).startsWith("prototype PTE at ");
                    }
                    case PAGED_OUT -> {
                        assertThat(t.isMapped()).as(as).isFalse();
                        assertThat(t.reason()).as(as).isEqualTo(StopReason.PAGED_OUT);
                        assertThat(t.detail()).as(as).isEqualTo("pagefile " + page.pageFile() + " offset 0x"
                                + Long.toHexString(page.pageFileOffset()));
                    }
                    default -> throw new AssertionError(page.kind());
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
    }
}
