package org.memvfs.win.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the built-in profiles against the values the README beside the data lists from
 * independent sources ("Key offsets at a glance", the VAD flag and MMPTE bit layouts).
 */
class WindowsProfileTest {

    /** The README's columns, in order. */
    private static final List<String> COLUMNS = List.of(
            "win7-7601-x64", "win10-17763-x64", "win10-18362-x64", "win10-19041-x64", "win11-22000-x64",
            "win11-22621-x64", "win11-26100-x64", "win7-7601-x86-pae", "win10-17763-x86", "win10-18362-x86",
            "win10-19041-x86");

    /**
     * The README's "Key offsets at a glance" table, hex, "-" where the member does not exist; the
     * first column says what is looked up (a struct alone means its size).
     */
    private static final String KEY_OFFSETS = """
            _EPROCESS                                  | 4f8 | 858 | 880 | a40 | b80 | b80 | 840 | 2e0 | 408 | 480 | 500
            _EPROCESS UniqueProcessId                  | 180 | 2e0 | 2e8 | 440 | 440 | 440 | 1d0 | b4  | b4  | b4  | e4
            _EPROCESS ActiveProcessLinks               | 188 | 2e8 | 2f0 | 448 | 448 | 448 | 1d8 | b8  | b8  | b8  | e8
            _EPROCESS Token                            | 208 | 358 | 360 | 4b8 | 4b8 | 4b8 | 248 | f8  | fc  | fc  | 12c
            _EPROCESS ImageFileName                    | 2e0 | 450 | 450 | 5a8 | 5a8 | 5a8 | 338 | 16c | 17c | 17c | 1ac
            _EPROCESS Peb                              | 338 | 3f8 | 3f8 | 550 | 550 | 550 | 2e0 | 1a8 | 14c | 14c | 17c
            _EPROCESS ObjectTable                      | 200 | 418 | 418 | 570 | 570 | 570 | 300 | f4  | 15c | 15c | 18c
            _EPROCESS VadRoot                          | 448 | 628 | 658 | 7d8 | 7d8 | 7d8 | 558 | 278 | 29c | 310 | 350
            _EPROCESS ThreadListHead                   | 308 | 488 | 488 | 5e0 | 5e0 | 5e0 | 370 | 188 | 1a0 | 1a0 | 1d0
            _EPROCESS Wow64Process|WoW64Process        | 320 | 428 | 428 | 580 | 580 | 580 | 310 | -   | -   | -   | -
            _EPROCESS InheritedFromUniqueProcessId     | 290 | 3e0 | 3e8 | 540 | 540 | 540 | 2d0 | 140 | 140 | 140 | 170
            _KPROCESS DirectoryTableBase               | 28  | 28  | 28  | 28  | 28  | 28  | 28  | 18  | 18  | 18  | 18
            _KPROCESS UserDirectoryTableBase           | 110 | 278 | 280 | 388 | 388 | 388 | 158 | -   | -   | -   | -
            _KTHREAD Teb                               | b8  | f0  | f0  | f0  | f0  | f0  | f0  | 88  | a8  | a8  | a8
            _ETHREAD Cid                               | 3b8 | 638 | 648 | 478 | 4c8 | 4c8 | 508 | 22c | 37c | 384 | 2ac
            _ETHREAD ThreadListEntry                   | 428 | 6a8 | 6b8 | 4e8 | 538 | 538 | 578 | 268 | 3b4 | 3bc | 2e4
            _MMVAD_SHORT u                             | 28  | 30  | 30  | 30  | 30  | 30  | 30  | 14  | 1c  | 1c  | 1c
            _MMVAD_SHORT u.VadFlags                    | 28  | 30  | 30  | 30  | 30  | 30  | 30  | 14  | 1c  | 1c  | 1c
            _MMVAD Subsection                          | 48  | 48  | 48  | 48  | 48  | 48  | 48  | 24  | 2c  | 2c  | 2c
            _OBJECT_HEADER Body                        | 30  | 30  | 30  | 30  | 30  | 30  | 30  | 18  | 18  | 18  | 18
            """;

    @Test
    void everyKeyOffsetOfTheReadmeTableForAllElevenBuilds() {
        SoftAssertions soft = new SoftAssertions();
        int checked = 0;
        for (String line : KEY_OFFSETS.strip().split("\n")) {
            // cells are separated by " | "; a bare "|" inside a member path separates alternatives
            String[] cells = line.strip().split("\\s+\\|\\s+");
            String[] what = cells[0].split(" ", 2);
            String[] values = java.util.Arrays.copyOfRange(cells, 1, cells.length);
            assertThat(values).hasSize(COLUMNS.size());
            for (int i = 0; i < COLUMNS.size(); i++) {
                WindowsProfile profile = Profiles.byId(COLUMNS.get(i));
                String expected = values[i].strip();
                String label = profile.id() + " " + cells[0].strip();
                if (what.length == 1) {
                    soft.assertThat(profile.structSize(what[0])).as(label).isEqualTo(Integer.parseInt(expected, 16));
                } else if (expected.equals("-")) {
                    soft.assertThat(profile.has(what[0], what[1])).as(label).isFalse();
                } else {
                    soft.assertThat(profile.offset(what[0], what[1])).as(label).isEqualTo(Integer.parseInt(expected, 16));
                }
                checked++;
            }
        }
        soft.assertAll();
        assertThat(checked).isEqualTo(20 * 11);
    }

    @Test
    void exampleFromTheBrief() {
        assertThat(Profiles.byId("win10-19041-x64").offset("_EPROCESS", "UniqueProcessId")).isEqualTo(0x440);
    }

    static Stream<Arguments> vadFlags() {
        // README "VAD flags": field, bit position, bit length per build family
        String win10 = "NoChange 3 1, VadType 4 3, Protection 7 5, PreferredNode 12 6, PageSize 18 2, PrivateMemory 20 1";
        String win11 = "NoChange 3 1, VadType 4 3, Protection 7 5, PreferredNode 12 7, PageSize 19 2, PrivateMemory 21 1";
        String rs5 = "VadType 0 3, Protection 3 5, PreferredNode 8 6, PrivateMemory 14 1, NoChange 27 1";
        return Stream.of(
                Arguments.of("win7-7601-x64", 8, "CommitCharge 0 51, NoChange 51 1, VadType 52 3, MemCommit 55 1, Protection 56 5, PrivateMemory 63 1"),
                Arguments.of("win7-7601-x86-pae", 4, "CommitCharge 0 19, NoChange 19 1, VadType 20 3, MemCommit 23 1, Protection 24 5, PrivateMemory 31 1"),
                Arguments.of("win10-17763-x64", 4, rs5),
                Arguments.of("win10-17763-x86", 4, rs5),
                Arguments.of("win10-18362-x64", 4, win10),
                Arguments.of("win10-18362-x86", 4, win10),
                Arguments.of("win10-19041-x64", 4, win10),
                Arguments.of("win10-19041-x86", 4, win10),
                Arguments.of("win11-22000-x64", 4, win11),
                Arguments.of("win11-22621-x64", 4, win11),
                Arguments.of("win11-26100-x64", 4, "VadType 4 3, Protection 7 5"));
    }

    @ParameterizedTest
    @MethodSource("vadFlags")
    void vadFlagBitsPerBuild(String id, int unitSize, String bits) {
        WindowsProfile profile = Profiles.byId(id);
        int u = profile.offset("_MMVAD_SHORT", "u.VadFlags");
        for (String spec : bits.split(", ")) {
            String[] p = spec.split(" ");
            int position = Integer.parseInt(p[1]);
            int length = Integer.parseInt(p[2]);
            assertThat(profile.bitField("_MMVAD_FLAGS", p[0])).as(id + " " + p[0])
                    .isEqualTo(new BitField(0, position, length, unitSize));
            // the same bits seen from the VAD itself, through the member's type
            assertThat(profile.bitField("_MMVAD_SHORT", "u.VadFlags." + p[0])).as(id + " via VAD " + p[0])
                    .isEqualTo(new BitField(u, position, length, unitSize));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"win10-17763-x64", "win10-17763-x86", "win10-18362-x64", "win10-18362-x86", "win10-19041-x64",
        "win10-19041-x86", "win11-22000-x64", "win11-22621-x64"})
    void memCommitIsBit31OfVadFlags1FromWin10On(String id) {
        WindowsProfile profile = Profiles.byId(id);
        int u1 = profile.offset("_MMVAD_SHORT", "u1.VadFlags1");
        assertThat(profile.bitField("_MMVAD_SHORT", "u1.VadFlags1.MemCommit")).isEqualTo(new BitField(u1, 31, 1, 4));
        assertThat(profile.bitField("_MMVAD_FLAGS1", "MemCommit")).isEqualTo(new BitField(0, 31, 1, 4));
        assertThat(profile.has("_MMVAD_FLAGS", "MemCommit")).isFalse();
    }

    @Test
    void win11_24h2HasNoVadFlags1AndKeepsMemCommitInThePrivateView() {
        WindowsProfile profile = Profiles.byId("win11-26100-x64");
        assertThat(profile.has("_MMVAD_SHORT", "u1")).isFalse();
        assertThat(profile.has("_MMVAD_SHORT", "u1.VadFlags1")).isFalse();
        assertThat(profile.hasStruct("_MMVAD_FLAGS1")).isFalse();
        assertThat(profile.offset("_MMVAD_SHORT", "CommitCharge")).isEqualTo(0x34);
        assertThat(profile.fieldType("_MMVAD_SHORT", "CommitCharge")).isEqualTo("unsigned long");
        // extra_structs are ordinary structs, written in the ISF shape
        assertThat(profile.structSize("_MM_PRIVATE_VAD_FLAGS")).isEqualTo(4);
        assertThat(profile.bitField("_MM_PRIVATE_VAD_FLAGS", "MemCommit")).isEqualTo(new BitField(0, 25, 1, 4));
        assertThat(profile.bitField("_MMVAD_SHORT", "u.PrivateVadFlags.MemCommit")).isEqualTo(new BitField(0x30, 25, 1, 4));
        assertThat(profile.fieldType("_MM_PRIVATE_VAD_FLAGS", "MemCommit")).isEqualTo("unsigned long");
        assertThat(profile.structNames()).contains("_MM_SHARED_VAD_FLAGS", "_MM_GRAPHICS_VAD_FLAGS");
        // 24H2's _MMVAD_FLAGS also lists its whole dword as a plain member
        assertThat(profile.offset("_MMVAD_FLAGS", "EntireField")).isZero();
        assertThatThrownBy(() -> profile.bitField("_MMVAD_FLAGS", "EntireField"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("not a bitfield: it is a unsigned long at offset 0x0");
    }

    @Test
    void vadTreeNodesPerReadme() {
        WindowsProfile win7 = Profiles.byId("win7-7601-x64");
        assertThat(win7.offset("_MMVAD_SHORT", "u1.Parent")).isZero();
        assertThat(win7.offset("_MMVAD_SHORT", "LeftChild")).isEqualTo(0x8);
        assertThat(win7.offset("_MMVAD_SHORT", "RightChild")).isEqualTo(0x10);
        assertThat(win7.offset("_MMVAD_SHORT", "StartingVpn")).isEqualTo(0x18);
        assertThat(win7.offset("_MMVAD_SHORT", "EndingVpn")).isEqualTo(0x20);
        assertThat(win7.hasStruct("_MM_AVL_TABLE")).isTrue();
        for (String id : List.of("win10-17763-x64", "win10-18362-x64", "win10-19041-x64", "win11-22000-x64", "win11-22621-x64",
                "win11-26100-x64")) {
            WindowsProfile p = Profiles.byId(id);
            assertThat(p.offset("_MMVAD_SHORT", "VadNode")).as(id).isZero();
            assertThat(p.offset("_MMVAD_SHORT", "VadNode.Left")).as(id).isZero();
            assertThat(p.offset("_MMVAD_SHORT", "VadNode.Right")).as(id).isEqualTo(0x8);
            assertThat(p.offset("_MMVAD_SHORT", "VadNode.ParentValue")).as(id).isEqualTo(0x10);
            assertThat(p.offset("_MMVAD_SHORT", "StartingVpn")).as(id).isEqualTo(0x18);
            assertThat(p.offset("_MMVAD_SHORT", "EndingVpn")).as(id).isEqualTo(0x1c);
            assertThat(p.offset("_MMVAD_SHORT", "StartingVpnHigh")).as(id).isEqualTo(0x20);
            assertThat(p.offset("_MMVAD_SHORT", "EndingVpnHigh")).as(id).isEqualTo(0x21);
            assertThat(p.fieldType("_EPROCESS", "VadRoot")).as(id).isEqualTo("struct _RTL_AVL_TREE");
            assertThat(p.offset("_MMVAD", "FileObject")).as(id).isEqualTo(0x80);
            assertThat(p.hasStruct("_MM_AVL_TABLE")).as(id).isFalse();
        }
    }

    @Test
    void fileBackedVadChainPerReadme() {
        for (WindowsProfile p : Profiles.builtIn()) {
            assertThat(p.offset("_SUBSECTION", "ControlArea")).as(p.id()).isZero();
            assertThat(p.offset("_FILE_OBJECT", "FileName")).as(p.id()).isEqualTo(p.is64Bit() ? 0x58 : 0x30);
            if (p.is64Bit()) {
                assertThat(p.offset("_CONTROL_AREA", "FilePointer")).as(p.id()).isEqualTo(0x40);
            }
        }
    }

    @Test
    void x64PteBitsPerReadme() {
        for (WindowsProfile p : Profiles.builtIn()) {
            if (!p.is64Bit()) {
                continue;
            }
            boolean win11 = p.buildNumber() >= 22000;
            String id = p.id();
            for (String struct : List.of("_MMPTE_HARDWARE", "_MMPTE_SOFTWARE", "_MMPTE_TRANSITION")) {
                assertThat(p.bitField(struct, "Valid")).as(id + struct).isEqualTo(new BitField(0, 0, 1, 8));
            }
            for (String struct : List.of("_MMPTE_SOFTWARE", "_MMPTE_TRANSITION", "_MMPTE_PROTOTYPE")) {
                assertThat(p.bitField(struct, "Protection")).as(id + struct).isEqualTo(new BitField(0, 5, 5, 8));
                assertThat(p.bitField(struct, "Prototype")).as(id + struct).isEqualTo(new BitField(0, 10, 1, 8));
            }
            assertThat(p.bitField("_MMPTE_SOFTWARE", "Transition")).as(id).isEqualTo(new BitField(0, 11, 1, 8));
            assertThat(p.bitField("_MMPTE_TRANSITION", "Transition")).as(id).isEqualTo(new BitField(0, 11, 1, 8));
            int pfnBits = win11 ? 40 : 36;
            assertThat(p.bitField("_MMPTE_HARDWARE", "PageFrameNumber")).as(id).isEqualTo(new BitField(0, 12, pfnBits, 8));
            assertThat(p.bitField("_MMPTE_TRANSITION", "PageFrameNumber")).as(id).isEqualTo(new BitField(0, 12, pfnBits, 8));
            assertThat(p.bitField("_MMPTE_SOFTWARE", "PageFileLow")).as(id).isEqualTo(new BitField(0, 12, 4, 8));
            assertThat(p.bitField("_MMPTE_SOFTWARE", "PageFileHigh")).as(id).isEqualTo(new BitField(0, 32, 32, 8));
            assertThat(p.bitField("_MMPTE_SOFTWARE", "SwizzleBit")).as(id).isEqualTo(new BitField(0, 4, 1, 8));
            assertThat(p.bitField("_MMPTE_PROTOTYPE", "ProtoAddress")).as(id).isEqualTo(new BitField(0, 16, 48, 8));
            assertThat(p.bitField("_MMPTE_SUBSECTION", "SubsectionAddress")).as(id).isEqualTo(new BitField(0, 16, 48, 8));
            if (p.buildNumber() > 7601) {
                assertThat(p.bitField("_MMPTE_SOFTWARE", "PageFileReserved")).as(id).isEqualTo(new BitField(0, 1, 1, 8));
                assertThat(p.bitField("_MMPTE_SOFTWARE", "PageFileAllocated")).as(id).isEqualTo(new BitField(0, 2, 1, 8));
                assertThat(p.bitField("_MMPTE_SOFTWARE", "ColdPage")).as(id).isEqualTo(new BitField(0, 3, 1, 8));
            }
        }
    }

    @Test
    void win7X86KeepsTheOlderSoftwarePteLayout() {
        WindowsProfile p = Profiles.byId("win7-7601-x86-pae");
        assertThat(p.bitField("_MMPTE_SOFTWARE", "PageFileLow")).isEqualTo(new BitField(0, 1, 4, 8));
        assertThat(p.bitField("_MMPTE_PROTOTYPE", "Protection")).isEqualTo(new BitField(0, 11, 5, 8));
        assertThat(p.bitField("_MMPTE_PROTOTYPE", "ProtoAddress")).isEqualTo(new BitField(0, 32, 32, 8));
        assertThat(p.has("_MMPTE_SOFTWARE", "SwizzleBit")).isFalse();
    }

    @Test
    void handleTableEntriesPerReadme() {
        for (WindowsProfile p : Profiles.builtIn()) {
            assertThat(p.structSize("_HANDLE_TABLE_ENTRY")).as(p.id()).isEqualTo(p.is64Bit() ? 16 : 8);
            if (p.buildNumber() == 7601) {
                assertThat(p.offset("_HANDLE_TABLE_ENTRY", "Object")).as(p.id()).isZero();
                assertThat(p.has("_HANDLE_TABLE_ENTRY", "ObjectPointerBits")).as(p.id()).isFalse();
            } else if (p.is64Bit()) {
                assertThat(p.bitField("_HANDLE_TABLE_ENTRY", "ObjectPointerBits")).as(p.id()).isEqualTo(new BitField(0, 20, 44, 8));
                // the second half of the entry is its own 4-byte storage unit
                assertThat(p.bitField("_HANDLE_TABLE_ENTRY", "GrantedAccessBits")).as(p.id()).isEqualTo(new BitField(8, 0, 25, 4));
            } else {
                assertThat(p.bitField("_HANDLE_TABLE_ENTRY", "ObjectPointerBits")).as(p.id()).isEqualTo(new BitField(0, 3, 29, 4));
                assertThat(p.bitField("_HANDLE_TABLE_ENTRY", "GrantedAccessBits")).as(p.id()).isEqualTo(new BitField(4, 0, 25, 4));
            }
        }
    }

    @Test
    void kuserSharedDataPerReadme() {
        for (WindowsProfile p : Profiles.builtIn()) {
            assertThat(p.offset("_KUSER_SHARED_DATA", "SystemTime")).as(p.id()).isEqualTo(0x14);
            assertThat(p.has("_KUSER_SHARED_DATA", "NtBuildNumber")).as(p.id()).isEqualTo(p.buildNumber() != 7601);
            if (p.buildNumber() != 7601) {
                assertThat(p.offset("_KUSER_SHARED_DATA", "NtBuildNumber")).as(p.id()).isEqualTo(0x260);
            }
        }
    }

    @Test
    void describesItsBuild() {
        WindowsProfile x64 = Profiles.byId("win10-19041-x64");
        assertThat(x64.id()).isEqualTo("win10-19041-x64");
        assertThat(x64.buildNumber()).isEqualTo(19041);
        assertThat(x64.build()).contains("2004").contains("22H2");
        assertThat(x64.source()).startsWith("JPCERTCC/Windows-Symbol-Tables/");
        assertThat(x64.is64Bit()).isTrue();
        assertThat(x64.pointerSize()).isEqualTo(8);
        assertThat(x64.isPae()).isFalse();
        assertThat(x64.guidAge()).hasValue("606FF669409B00F7FC8C61A9C16701291");
        assertThat(x64.knownGuidAges()).hasSize(39).first().isEqualTo("606FF669409B00F7FC8C61A9C16701291");
        assertThat(x64.knownGuidAges()).contains("BBED7C2955FBE4522AAA23F4B8677AD91");
        assertThat(x64.toString()).startsWith("win10-19041-x64 (Windows 10");

        WindowsProfile x86 = Profiles.byId("win10-19041-x86");
        assertThat(x86.is64Bit()).isFalse();
        assertThat(x86.pointerSize()).isEqualTo(4);
        assertThat(x86.isPae()).isTrue();
        assertThat(x86.guidAge()).isEmpty();
        assertThat(x86.knownGuidAges()).isEmpty();
    }

    @Test
    void symbolRvasOnlyWhereTheSourceHasThem() {
        WindowsProfile x64 = Profiles.byId("win10-19041-x64");
        assertThat(x64.symbolRva("PsActiveProcessHead")).hasValue(12705936);
        assertThat(x64.symbolRva("KiSystemCall64")).hasValue(4262400);
        assertThat(x64.symbolRva("NoSuchSymbol")).isEmpty();
        assertThat(x64.symbolNames()).contains("KdDebuggerDataBlock", "ObHeaderCookie");
        assertThat(Profiles.byId("win11-22621-x64").symbolNames()).isEmpty();
        assertThat(Profiles.byId("win11-26100-x64").symbolRva("PsActiveProcessHead")).isEmpty();
    }

    @Test
    void missingStructsAndFieldsFailFastNamingBuildStructAndField() {
        WindowsProfile p = Profiles.byId("win10-19041-x64");
        assertThatThrownBy(() -> p.offset("_EPROCESS", "NoSuchField"))
                .isInstanceOf(ProfileException.class)
                .isInstanceOf(org.memvfs.mmu.MemoryException.class)
                .hasMessage("win10-19041-x64: _EPROCESS.NoSuchField: no such member in this profile")
                .satisfies(e -> {
                    ProfileException pe = (ProfileException) e;
                    assertThat(pe.profile()).isEqualTo("win10-19041-x64");
                    assertThat(pe.struct()).isEqualTo("_EPROCESS");
                    assertThat(pe.field()).isEqualTo("NoSuchField");
                });
        assertThatThrownBy(() -> p.offset("_NO_SUCH_STRUCT", "X"))
                .isInstanceOf(ProfileException.class)
                .hasMessage("win10-19041-x64: _NO_SUCH_STRUCT.X: struct not in this profile");
        assertThatThrownBy(() -> p.structSize("_MM_AVL_TABLE"))
                .hasMessage("win10-19041-x64: _MM_AVL_TABLE: struct not in this profile (struct not present)");
        assertThat(p.has("_NO_SUCH_STRUCT", "X")).isFalse();
        assertThat(p.has("_EPROCESS", "NoSuchField")).isFalse();
    }

    @Test
    void notInThisBuildIsAbsentAndSaysSo() {
        WindowsProfile win7 = Profiles.byId("win7-7601-x64");
        assertThat(win7.has("_EPROCESS", "VadCount")).isFalse();
        assertThatThrownBy(() -> win7.offset("_EPROCESS", "VadCount"))
                .hasMessage("win7-7601-x64: _EPROCESS.VadCount: the PDB of this build has no such member");
        WindowsProfile x86 = Profiles.byId("win10-19041-x86");
        assertThatThrownBy(() -> x86.offset("_EPROCESS", "Wow64Process|WoW64Process"))
                .hasMessage("win10-19041-x86: _EPROCESS.Wow64Process|WoW64Process: Wow64Process: the PDB of this build has"
                        + " no such member; WoW64Process: the PDB of this build has no such member");
    }

    @Test
    void alternativesPickTheNameThisBuildUses() {
        assertThat(Profiles.byId("win7-7601-x64").fieldType("_EPROCESS", "Wow64Process|WoW64Process")).isEqualTo("void*");
        assertThat(Profiles.byId("win10-19041-x64").offset("_EPROCESS", "WoW64Process|Wow64Process")).isEqualTo(0x580);
        assertThat(Profiles.byId("win10-19041-x64").has("_EPROCESS", "Wow64Process")).isFalse();
    }

    @Test
    void partialTranscriptionsAndUnrecoveredMembersSaySo() {
        WindowsProfile win24h2 = Profiles.byId("win11-26100-x64");
        assertThatThrownBy(() -> win24h2.offset("_ETHREAD", "ThreadsProcess"))
                .hasMessageContaining("_ETHREAD.ThreadsProcess: not transcribed from the source");
        assertThatThrownBy(() -> win24h2.offset("_PEB", "NoSuchMember"))
                .hasMessageContaining("whose source lists only some members of _PEB");
        assertThatThrownBy(() -> win24h2.structSize("_TEB"))
                .hasMessageContaining("_TEB: struct not in this profile (not transcribed");
        WindowsProfile win22h2 = Profiles.byId("win11-22621-x64");
        assertThatThrownBy(() -> win22h2.offset("_KPCR", "Prcb"))
                .hasMessageContaining("could not be recovered from the source");
    }

    @Test
    void unknownSizesAndBitPositionsAreRefusedWithTheSourcesReason() {
        WindowsProfile p = Profiles.byId("win11-22621-x64");
        assertThatThrownBy(() -> p.structSize("_KPCR"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("win11-22621-x64: _KPCR: size unknown (size not recoverable");
        assertThat(p.offset("_KPCR", "CurrentPrcb")).isPositive();
        assertThat(p.has("_CONTROL_AREA", "u3.IoAttributionContext")).isTrue();
        assertThat(p.offset("_CONTROL_AREA", "u3.IoAttributionContext")).isEqualTo(0x78);
        assertThatThrownBy(() -> p.bitField("_CONTROL_AREA", "u3.IoAttributionContext"))
                .hasMessageContaining("_CONTROL_AREA.u3.IoAttributionContext: bit position unknown (not recoverable");
        // the same member where the PDB gave it
        assertThat(Profiles.byId("win11-22000-x64").bitField("_CONTROL_AREA", "u3.IoAttributionContext"))
                .isEqualTo(new BitField(0x78, 0, 61, 8));
    }

    @Test
    void pathsThroughTypesExplainWhereTheyStop() {
        WindowsProfile p = Profiles.byId("win10-19041-x64");
        assertThatThrownBy(() -> p.offset("_EPROCESS", "Peb.Ldr"))
                .hasMessageContaining("Peb is a struct _PEB*, not a struct or union to look into");
        assertThatThrownBy(() -> p.offset("_EPROCESS", "Pcb.NoSuch"))
                .hasMessageContaining("_KPROCESS has no member NoSuch");
        assertThatThrownBy(() -> p.offset("_MMVAD_SHORT", "PushLock.Value"))
                .hasMessageContaining("PushLock is a struct _EX_PUSH_LOCK, which this profile does not describe");
        assertThat(p.offset("_EPROCESS", "Pcb.DirectoryTableBase")).isEqualTo(0x28);
        assertThat(p.offset("_ETHREAD", "Cid.UniqueThread")).isEqualTo(0x478 + 8);
        assertThat(p.offset("_ETHREAD", "Tcb.Teb")).isEqualTo(0xf0);
    }

    @Test
    void namesAreListedInSourceOrder() {
        WindowsProfile p = Profiles.byId("win10-19041-x64");
        List<String> names = new ArrayList<>(p.fieldNames("_MMVAD_SHORT"));
        assertThat(names).startsWith("NextVad", "VadNode").contains("u", "u.VadFlags", "u1.VadFlags1");
        assertThat(p.structNames()).contains("_EPROCESS", "_KDDEBUGGER_DATA64");
        assertThatThrownBy(() -> p.fieldNames("_NOPE")).isInstanceOf(ProfileException.class);
    }
}
