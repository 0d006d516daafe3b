package org.memvfs.win.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;
import org.memvfs.win.testing.ToyMemory;
import org.memvfs.win.testing.ToyTables;

/** Field reads by profile offsets, and the strings a corrupt image can hold. */
class StructViewTest {
    private static final WindowsProfile PROFILE = Profiles.byId("win10-19041-x64");
    private static final long PAGE_VA = 0xffff_f800_0000_0000L;
    private static final long PAGE_PA = 0x80000;
    /** An _LDR_DATA_TABLE_ENTRY at the start of the page. */
    private static final long ENTRY = PAGE_VA;

    private final ToyMemory memory = new ToyMemory(1 << 20);
    private final MemoryReader reader = new MemoryReader(new ToyTables(memory, 0x1000).map(PAGE_VA, PAGE_PA).space(), 8);
    private final StructView entry = new StructView(PROFILE, reader, "_LDR_DATA_TABLE_ENTRY", new Va(ENTRY), "module");

    /** Writes the UNICODE_STRING FullDllName of the entry. */
    private void fullName(int length, int maximum, long buffer) {
        long at = PAGE_PA + PROFILE.offset("_LDR_DATA_TABLE_ENTRY", "FullDllName");
        memory.put16(at + PROFILE.offset("_UNICODE_STRING", "Length"), length)
                .put16(at + PROFILE.offset("_UNICODE_STRING", "MaximumLength"), maximum)
                .put64(at + PROFILE.offset("_UNICODE_STRING", "Buffer"), buffer);
    }

    @Test
    void fieldsAreReadAtTheProfilesOffsets() {
        memory.put64(PAGE_PA + 0x30, 0x7ff8_0000_0000L).put32(PAGE_PA + 0x40, 0x1f000);
        assertThat(entry.pointer("DllBase")).isEqualTo(new Va(0x7ff8_0000_0000L));
        assertThat(entry.u32("SizeOfImage")).isEqualTo(0x1f000);
        assertThat(entry.fieldAddress("SizeOfImage")).isEqualTo(new Va(ENTRY + 0x40));
    }

    @Test
    void aUnicodeStringIsReadFromItsBuffer() {
        memory.putUtf16(PAGE_PA + 0x800, "C:\\Windows\\System32\\ntdll.dll");
        fullName(58, 60, PAGE_VA + 0x800);
        assertThat(entry.unicodeString("FullDllName")).isEqualTo("C:\\Windows\\System32\\ntdll.dll");
    }

    @Test
    void anEmptyStringNeedsNoBuffer() {
        fullName(0, 0, 0);
        assertThat(entry.unicodeString("FullDllName")).isEmpty();
    }

    @Test
    void anAbsurdLengthIsRefusedWithoutReadingTheBuffer() {
        fullName(0xfffe, 0x20, PAGE_VA + 0x800);
        assertThatThrownBy(() -> entry.unicodeString("FullDllName"))
                .isInstanceOf(ObjectReadException.class)
                .hasMessageContaining("module _LDR_DATA_TABLE_ENTRY.FullDllName at fffff80000000048")
                .hasMessageContaining("Length 0xfffe is larger than MaximumLength 0x20");
    }

    @Test
    void anOddLengthIsRefused() {
        fullName(7, 8, PAGE_VA + 0x800);
        assertThatThrownBy(() -> entry.unicodeString("FullDllName")).hasMessageContaining("Length 0x7 is odd");
    }

    @Test
    void aBufferPointingNowhereSaysWhereAndWhy() {
        fullName(8, 8, 0xffff_f900_dead_0000L);
        assertThatThrownBy(() -> entry.unicodeString("FullDllName"))
                .isInstanceOf(ObjectReadException.class)
                .hasMessageContaining("text at fffff900dead0000: not present");
    }

    @Test
    void aFixedCharacterArrayStopsAtItsNulAndHidesControlCharacters() {
        memory.putAscii(PAGE_PA + PROFILE.offset("_EPROCESS", "ImageFileName"), "svc\u0001host.exe");
        StructView process = new StructView(PROFILE, reader, "_EPROCESS", new Va(PAGE_VA), "process");
        assertThat(process.asciiz("ImageFileName", 15)).isEqualTo("svc?host.exe");
    }

    @Test
    void aFieldOnAnUnmappedPageNamesTheObjectTheFieldAndWhy() {
        StructView far = new StructView(PROFILE, reader, "_EPROCESS", new Va(0xffff_f900_0000_0000L), "process");
        assertThatThrownBy(() -> far.u32("ExitStatus"))
                .isInstanceOf(ObjectReadException.class)
                .hasMessageStartingWith("process at fffff90000000000: not present, reading _EPROCESS.ExitStatus");
    }

    @Test
    void aBitFieldIsTakenFromItsStorageUnit() {
        long flags = (long) 6 << 7 | 1 << 20 | 2 << 4;
        memory.put32(PAGE_PA + 0x30, flags);
        StructView vad = new StructView(PROFILE, reader, "_MMVAD_SHORT", new Va(PAGE_VA), "VAD");
        assertThat(vad.bits("u.VadFlags.Protection")).isEqualTo(6);
        assertThat(vad.bits("u.VadFlags.PrivateMemory")).isEqualTo(1);
        assertThat(vad.bits("u.VadFlags.VadType")).isEqualTo(2);
    }
}
