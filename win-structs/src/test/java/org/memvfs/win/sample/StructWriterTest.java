package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;

class StructWriterTest {
    private static VirtualMemory memory(WindowsProfile profile) {
        BuildContext ctx = new BuildContext(profile);
        ctx.tables.map(ctx.tables.systemRoot(), ctx.layout.nonPagedPool(), ctx.frames.allocate(), PageAccess.KERNEL_DATA);
        return ctx.kernel;
    }

    @Test
    void bitfieldsKeepTheirNeighbours() {
        WindowsProfile profile = Profiles.byId("win7-7601-x64");
        VirtualMemory memory = memory(profile);
        long at = new AddressLayout(profile).nonPagedPool();
        StructWriter vad = new StructWriter(profile, memory, "_MMVAD_SHORT", at);
        vad.bits("u.VadFlags.Protection", 4).flag("u.VadFlags.PrivateMemory", true).bits("u.VadFlags.CommitCharge", 0x10);
        long flags = memory.get(at + profile.offset("_MMVAD_SHORT", "u.VadFlags"), 8);
        assertThat(flags).isEqualTo((4L << 56) | (1L << 63) | 0x10);
        assertThatThrownBy(() -> vad.bits("u.VadFlags.VadType", 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scalarsTakeTheirSizeFromTheProfile() {
        WindowsProfile profile = Profiles.byId("win11-26100-x64");
        VirtualMemory memory = memory(profile);
        long at = new AddressLayout(profile).nonPagedPool();
        memory.put(at + 0x2C, 0x1234_5678, 4);
        new StructWriter(profile, memory, "_HANDLE_TABLE", at).value("UniqueProcessId", 0x2B4);
        assertThat(memory.get(at + profile.offset("_HANDLE_TABLE", "UniqueProcessId"), 4)).isEqualTo(0x2B4);
        assertThat(memory.get(at + 0x2C, 4)).as("the next field is untouched").isEqualTo(0x1234_5678);
    }

    @Test
    void unicodeStringsStateLengthAndRoom() {
        WindowsProfile profile = Profiles.byId("win10-19041-x86");
        VirtualMemory memory = memory(profile);
        long at = new AddressLayout(profile).nonPagedPool();
        new StructWriter(profile, memory, "_FILE_OBJECT", at).unicodeString("FileName", "\\x.dll", at + 0x200, 14);
        long name = at + profile.offset("_FILE_OBJECT", "FileName");
        assertThat(memory.get(name, 2)).isEqualTo(12);
        assertThat(memory.get(name + 2, 2)).isEqualTo(14);
        assertThat(memory.get(name + 4, 4)).isEqualTo(at + 0x200);
    }
}
