package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;

class ObjectManagerTest {
    @Test
    void optionalHeadersSitBelowTheHeaderInBitOrder() {
        WindowsProfile profile = Profiles.byId("win10-19041-x64");
        ObjectManager objects = new ObjectManager(profile, null, null, 0x5A);
        assertThat(objects.infoMaskToOffset(0)).isZero();
        assertThat(objects.infoMaskToOffset(ObjectManager.CREATOR_INFO)).isEqualTo(0x20);
        assertThat(objects.infoMaskToOffset(ObjectManager.NAME_INFO | ObjectManager.CREATOR_INFO)).isEqualTo(0x40);
        assertThat(objects.infoMaskToOffset(ObjectManager.QUOTA_INFO)).isEqualTo(0x20);
        byte[] table = objects.infoMaskToOffsetTable();
        // what MemProcFS assumes: NameInfo at header - 0x20 without CreatorInfo, - 0x40 with it
        assertThat(table[ObjectManager.NAME_INFO & (ObjectManager.NAME_INFO | (ObjectManager.NAME_INFO - 1))]).isEqualTo((byte) 0x20);
        assertThat(table[0x3 & 0x3]).isEqualTo((byte) 0x40);
    }

    @Test
    void windows10EncodesTypeIndexesWithTheCookieAndTheHeaderAddress() {
        ObjectManager objects = new ObjectManager(Profiles.byId("win10-19041-x64"), null, null, 0x5A);
        long header = 0xFFFF_B885_0E80_2A30L;
        int stored = objects.storedTypeIndex(7, header);
        assertThat(stored).isEqualTo(7 ^ 0x2A ^ 0x5A);
        assertThat(stored ^ ((header >>> 8) & 0xFF) ^ 0x5A).isEqualTo(7);
    }

    @Test
    void windows7StoresTypeIndexesPlainAndNumbersFileDifferently() {
        ObjectManager win7 = new ObjectManager(Profiles.byId("win7-7601-x64"), null, null, 0x5A);
        assertThat(win7.typeIndexEncoded()).isFalse();
        assertThat(win7.storedTypeIndex(7, 0xFFFF_FA80_0180_2A30L)).isEqualTo(7);
        assertThat(win7.typeIndex(ObjectManager.Type.FILE)).isEqualTo(0x1C);
        assertThat(new ObjectManager(Profiles.byId("win11-22621-x64"), null, null, 1).typeIndex(ObjectManager.Type.FILE)).isEqualTo(0x25);
    }

    @Test
    void win7HasOnlyFiveOptionalHeaderTypes() {
        ObjectManager win7 = new ObjectManager(Profiles.byId("win7-7601-x64"), null, null, 0);
        assertThat(win7.infoMaskToOffset(0xE0)).isZero();
    }
}
