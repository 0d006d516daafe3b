package org.memvfs.linux.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.memvfs.linux.LinuxGuests;
import org.memvfs.linux.LinuxGuests.Format;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.image.MemoryImages;

/** The whole-blob check that tells real BTF from bytes that only start like it. */
class BtfSectionsTest {

    private static BtfBlobBuilder oneInt() {
        BtfBlobBuilder b = new BtfBlobBuilder();
        b.intType("int", 4, 32, 1);
        return b;
    }

    @Test
    void aTypeSectionCutInTheMiddleOfARecordIsCutShort() {
        BtfBlobBuilder b = oneInt();
        b.intType("long", 8, 64, 1);
        byte[] blob = b.build();
        ByteBuffer header = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int typeLength = header.getInt(12);
        byte[] shortTypes = b.build(0, typeLength - 4, typeLength, header.getInt(20));
        assertThatThrownBy(() -> BtfBlobBuilder.parse(shortTypes)).isInstanceOf(BtfFormatException.class)
                .hasMessageContaining("type 2").hasMessageContaining("cut short");
    }

    @Test
    void anUnknownKindOrUnusedInfoBitsAreRefused() {
        BtfBlobBuilder b = oneInt();
        b.rawType(0, 25 << 24, 0);
        assertThatThrownBy(() -> BtfBlobBuilder.parse(b.build())).hasMessageContaining("kind 25 does not exist");
        BtfBlobBuilder c = oneInt();
        c.rawType(0, BtfBlobBuilder.info(BtfKind.PTR, 0, false) | 0x0010_0000, 1);
        assertThatThrownBy(() -> BtfBlobBuilder.parse(c.build())).hasMessageContaining("bits the format does not use");
        BtfBlobBuilder zero = oneInt();
        zero.rawType(0, 0, 0);
        assertThatThrownBy(() -> BtfBlobBuilder.parse(zero.build())).hasMessageContaining("kind 0");
    }

    @Test
    void namesOutsideTheStringSectionAndTypesThatDoNotExistAreRefused() {
        BtfBlobBuilder b = oneInt();
        b.rawType(10_000, BtfBlobBuilder.info(BtfKind.TYPEDEF, 0, false), 1);
        assertThatThrownBy(() -> BtfBlobBuilder.parse(b.build())).hasMessageContaining("name offset");
        BtfBlobBuilder c = oneInt();
        c.pointer(7);
        assertThatThrownBy(() -> BtfBlobBuilder.parse(c.build())).hasMessageContaining("names type 7");
        BtfBlobBuilder d = oneInt();
        d.struct("s", 4, BtfBlobBuilder.Member.at("x", 99, 0));
        assertThatThrownBy(() -> BtfBlobBuilder.parse(d.build())).hasMessageContaining("names type 99");
    }

    @Test
    void membersOutsideTheirStructAndImpossibleSizesAreRefused() {
        BtfBlobBuilder b = oneInt();
        b.struct("s", 4, BtfBlobBuilder.Member.at("x", 1, 8));
        assertThatThrownBy(() -> BtfBlobBuilder.parse(b.build())).hasMessageContaining("outside a type of 4 bytes");
        BtfBlobBuilder c = new BtfBlobBuilder();
        c.intType("odd", 3, 24, 0);
        assertThatThrownBy(() -> BtfBlobBuilder.parse(c.build())).hasMessageContaining("INT of 3 bytes");
        BtfBlobBuilder d = oneInt();
        d.floatType("f", 5);
        assertThatThrownBy(() -> BtfBlobBuilder.parse(d.build())).hasMessageContaining("FLOAT of 5 bytes");
        BtfBlobBuilder e = oneInt();
        e.enumType("e", 3, false, "A", 1);
        assertThatThrownBy(() -> BtfBlobBuilder.parse(e.build())).hasMessageContaining("ENUM of 3 bytes");
    }

    @Test
    void aStringSectionThatDoesNotEndWithNulIsCutShort() {
        byte[] blob = oneInt().build();
        blob[blob.length - 1] = 'x';
        assertThatThrownBy(() -> BtfBlobBuilder.parse(blob)).hasMessageContaining("does not end with a NUL");
        byte[] noEmpty = oneInt().build();
        ByteBuffer header = ByteBuffer.wrap(noEmpty).order(ByteOrder.LITTLE_ENDIAN);
        noEmpty[24 + header.getInt(16)] = 'y';
        assertThatThrownBy(() -> BtfBlobBuilder.parse(noEmpty)).hasMessageContaining("does not start with the empty string");
    }

    @Test
    void theHeaderCopyInTheKernelsSlabPassesTheHeaderCheckButNotTheSections() {
        // configuration A keeps a copy of the BTF header in its struct btf, below the real blob
        Image image = new Image(GuestConfig.A, Format.RAW);
        long realBtf = LinuxGuests.kernel(image).discovery().btfAt().value();
        try (PhysicalMemory memory = MemoryImages.open(image.path())) {
            long decoy = 0x254eb30;
            ByteBuffer head = ByteBuffer.allocate(24);
            memory.read(new Pa(decoy), head);
            BtfHeader header = BtfHeader.parse(head.flip());
            ByteBuffer real = ByteBuffer.allocate(24);
            memory.read(new Pa(realBtf), real);
            assertThat(Arrays.equals(head.array(), real.array())).as("the copy repeats the real header").isTrue();
            ByteBuffer blob = ByteBuffer.allocate((int) header.blobLength());
            memory.read(new Pa(decoy), blob);
            assertThatThrownBy(() -> Btf.parse(blob.flip())).isInstanceOf(BtfFormatException.class);
        }
    }

    @Test
    void aValidBlobIndexesEveryType() {
        BtfBlobBuilder b = oneInt();
        b.pointer(1);
        b.typedef("intptr", 2);
        Btf btf = BtfBlobBuilder.parse(b.build());
        assertThat(btf.typeCount()).isEqualTo(3);
        assertThat(btf.named("intptr", BtfKind.TYPEDEF)).isPresent();
    }
}
