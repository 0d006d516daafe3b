package org.memvfs.win.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.memvfs.mmu.MemoryException;
import org.memvfs.win.json.JsonException;

class IsfProfileTest {

    static Path isf(String name) {
        try {
            return Path.of(IsfProfileTest.class.getResource("/isf/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The proof that ISF loading and the offsets files agree: for each trimmed ISF (a subset of
     * the JPCERT ISF the built-in profile was generated from), every struct size, member offset,
     * member type and bitfield position the two have in common must be equal, every symbol RVA
     * too, and the comparison must cover (nearly) every member of the built-in profile.
     */
    @ParameterizedTest
    @CsvSource({
        // build,          members the built-in profile has that the trimmed ISF cannot give
        "win7-7601-x64,    0",
        "win10-17763-x64,  0",
        // these two trimmed ISFs lack the __anonymous_* union types, so u.*, u1.*, ... cannot be expanded
        "win10-18362-x64,  25",
        "win10-19041-x64,  25",
        "win11-22000-x64,  0",
    })
    void agreesWithTheBuiltInProfileOnEverySharedValue(String id, int expectedOnlyBuiltIn) {
        WindowsProfile fromIsf = IsfProfile.load(isf(id + ".trimmed-isf.json"));
        WindowsProfile builtIn = Profiles.byId(id);
        List<String> mismatches = new ArrayList<>();
        List<String> onlyBuiltIn = new ArrayList<>();
        int compared = 0;
        for (String struct : builtIn.structNames()) {
            if (KdDebuggerData.structNames().contains(struct)) {
                continue; // both got it from the same supplement: comparing it would prove nothing
            }
            assertThat(fromIsf.hasStruct(struct)).as(id + " ISF has " + struct).isTrue();
            compared += compare(mismatches, struct + "#size", builtIn.structSize(struct), fromIsf.structSize(struct));
            for (String field : builtIn.fieldNames(struct)) {
                String where = struct + "." + field;
                if (!fromIsf.has(struct, field)) {
                    onlyBuiltIn.add(where);
                    continue;
                }
                compared += compare(mismatches, where + "@offset", builtIn.offset(struct, field), fromIsf.offset(struct, field));
                compared += compare(mismatches, where + "@type", builtIn.fieldType(struct, field), fromIsf.fieldType(struct, field));
                boolean bits = bitsKnown(builtIn, struct, field);
                compared += compare(mismatches, where + "@isBitField", bits, bitsKnown(fromIsf, struct, field));
                if (bits) {
                    compared += compare(mismatches, where + "@bits", builtIn.bitField(struct, field), fromIsf.bitField(struct, field));
                }
            }
        }
        for (String symbol : builtIn.symbolNames()) {
            compared += compare(mismatches, symbol, builtIn.symbolRva(symbol), fromIsf.symbolRva(symbol));
        }
        System.out.printf("%s: ISF and built-in profile compared on %d values, %d mismatches, %d built-in members"
                + " the trimmed ISF cannot give%n", id, compared, mismatches.size(), onlyBuiltIn.size());

        assertThat(mismatches).as(id + " mismatches").isEmpty();
        assertThat(compared).as(id + " values compared").isGreaterThan(2000);
        assertThat(onlyBuiltIn).as(id + " members only in the built-in profile").hasSize(expectedOnlyBuiltIn);
        assertThat(onlyBuiltIn).allSatisfy(where -> assertThat(where).matches("_[A-Z_]+\\.u[0-9]?\\..+"));
    }

    private static boolean bitsKnown(WindowsProfile profile, String struct, String field) {
        try {
            profile.bitField(struct, field);
            return true;
        } catch (ProfileException e) {
            return false;
        }
    }

    private static int compare(List<String> mismatches, String what, Object builtIn, Object fromIsf) {
        if (!builtIn.equals(fromIsf)) {
            mismatches.add(what + ": built-in " + builtIn + ", ISF " + fromIsf);
        }
        return 1;
    }

    @Test
    void readsTheIsfMetadata() {
        WindowsProfile p = IsfProfile.load(isf("win10-19041-x64.trimmed-isf.json"));
        assertThat(p.id()).isEqualTo("isf-606FF669409B00F7FC8C61A9C16701291");
        assertThat(p.guidAge()).hasValue("606FF669409B00F7FC8C61A9C16701291");
        assertThat(p.knownGuidAges()).containsExactly("606FF669409B00F7FC8C61A9C16701291");
        assertThat(p.buildNumber()).isEqualTo(19041);
        assertThat(p.is64Bit()).isTrue();
        assertThat(p.pointerSize()).isEqualTo(8);
        assertThat(p.isPae()).isFalse();
        assertThat(p.build()).isEqualTo("Volatility 3 ISF win10-19041-x64.trimmed-isf.json (ntkrnlmp.pdb 606FF669409B00F7FC8C61A9C16701291)");
        assertThat(p.source()).endsWith("win10-19041-x64.trimmed-isf.json");
        assertThat(p.symbolRva("PsActiveProcessHead")).hasValue(12705936);
        // the README's key offsets, straight from the ISF
        assertThat(p.offset("_EPROCESS", "UniqueProcessId")).isEqualTo(0x440);
        assertThat(p.offset("_EPROCESS", "ImageFileName")).isEqualTo(0x5a8);
        assertThat(p.structSize("_EPROCESS")).isEqualTo(0xa40);
        assertThat(p.offset("_KDDEBUGGER_DATA64", "PsActiveProcessHead")).isEqualTo(0x50);
    }

    @Test
    void sameFieldPathsAsTheBuiltInProfiles() {
        WindowsProfile p = IsfProfile.load(isf("win11-22000-x64.trimmed-isf.json"));
        assertThat(p.offset("_MMVAD_SHORT", "u.VadFlags")).isEqualTo(0x30);
        assertThat(p.bitField("_MMVAD_FLAGS", "Protection")).isEqualTo(new BitField(0, 7, 5, 4));
        assertThat(p.bitField("_MMVAD_SHORT", "u.VadFlags.Protection")).isEqualTo(new BitField(0x30, 7, 5, 4));
        assertThat(p.bitField("_MMVAD_SHORT", "u1.VadFlags1.MemCommit")).isEqualTo(new BitField(0x34, 31, 1, 4));
        assertThat(p.offset("_CONTROL_AREA", "u2.e2")).isEqualTo(88);
        // ISF helper types stay reachable, so a path can go one level deeper than the offsets files
        assertThat(p.fieldType("_CONTROL_AREA", "u2.e2")).startsWith("struct __unnamed_");
        assertThat(p.has("_CONTROL_AREA", "u2.e2.NoSuchMember")).isFalse();
    }

    @Test
    void win7UsesUnnamedTypesWhichFlattenTheSameWay() {
        WindowsProfile p = IsfProfile.load(isf("win7-7601-x64.trimmed-isf.json"));
        assertThat(p.buildNumber()).isEqualTo(7601);
        assertThat(p.offset("_MMVAD_SHORT", "u.VadFlags")).isEqualTo(0x28);
        assertThat(p.bitField("_MMVAD_SHORT", "u1.Balance")).isEqualTo(new BitField(0, 0, 2, 8));
        assertThat(p.bitField("_MMVAD_SHORT", "u.VadFlags.PrivateMemory")).isEqualTo(new BitField(0x28, 63, 1, 8));
    }

    @Test
    void aTrimmedIsfWithoutTheAnonymousTypeSaysWhy() {
        WindowsProfile p = IsfProfile.load(isf("win10-19041-x64.trimmed-isf.json"));
        assertThat(p.offset("_MMVAD_SHORT", "u")).isEqualTo(0x30);
        assertThatThrownBy(() -> p.offset("_MMVAD_SHORT", "u.VadFlags"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("u is a union __anonymous_1de7, which this profile does not describe");
    }

    @Test
    void xzCompressedIsfLoadsTheSame() {
        WindowsProfile plain = IsfProfile.load(isf("win10-19041-x64.trimmed-isf.json"));
        WindowsProfile xz = IsfProfile.load(isf("win10-19041-x64.trimmed-isf.json.xz"));
        assertThat(xz.guidAge()).isEqualTo(plain.guidAge());
        assertThat(xz.structNames()).isEqualTo(plain.structNames());
        for (String struct : plain.structNames()) {
            assertThat(xz.fieldNames(struct)).isEqualTo(plain.fieldNames(struct));
            for (String field : plain.fieldNames(struct)) {
                assertThat(xz.offset(struct, field)).isEqualTo(plain.offset(struct, field));
            }
        }
        assertThat(xz.symbolNames()).isEqualTo(plain.symbolNames());
    }

    @Test
    void flattensAnonymousMembersAsACompilerSeesThem(@TempDir Path dir) throws IOException {
        // an ISF producer that keeps C11 anonymous members (Volatility's converter flattens them itself)
        Path file = write(dir, "anon.json", """
                {"metadata": {"windows": {"pdb": {"GUID": "0123456789abcdef0123456789ABCDEF", "age": 2,
                   "database": "ntkrpamp.pdb", "machine_type": 332}}},
                 "base_types": {"pointer": {"size": 4, "kind": "int", "signed": false, "endian": "little"},
                                "unsigned long": {"size": 4, "kind": "int", "signed": false, "endian": "little"}},
                 "enums": {"_E": {"size": 2, "base": "short", "constants": {}}},
                 "symbols": {"KiSystemCall": {"address": 4096}, "NoAddress": {"type": {"kind": "base", "name": "void"}}},
                 "user_types": {
                   "_OUTER": {"kind": "struct", "size": 16, "fields": {
                     "First": {"offset": 0, "type": {"kind": "base", "name": "unsigned long"}},
                     "__unnamed_field_1": {"offset": 4, "type": {"kind": "union", "name": "<unnamed-tag>"}},
                     "u": {"offset": 8, "type": {"kind": "union", "name": "__anonymous_u"}},
                     "Kind": {"offset": 12, "type": {"kind": "bitfield", "bit_position": 3, "bit_length": 4,
                              "type": {"kind": "enum", "name": "_E"}}},
                     "Link": {"offset": 12, "type": {"kind": "pointer", "subtype": {"kind": "struct", "name": "_OUTER"}}},
                     "Names": {"offset": 12, "type": {"kind": "array", "count": 2,
                              "subtype": {"kind": "pointer", "subtype": {"kind": "base", "name": "unsigned long"}}}},
                     "Fn": {"offset": 12, "type": {"kind": "pointer", "subtype": {"kind": "function"}}}}},
                   "<unnamed-tag>": {"kind": "union", "size": 4, "fields": {
                     "Whole": {"offset": 0, "type": {"kind": "base", "name": "unsigned long"}},
                     "Low": {"offset": 0, "type": {"kind": "bitfield", "bit_position": 0, "bit_length": 3,
                             "type": {"kind": "base", "name": "unsigned long"}}}}},
                   "__anonymous_u": {"kind": "union", "size": 4, "fields": {
                     "Flags": {"offset": 0, "type": {"kind": "struct", "name": "_FLAGS"}},
                     "": {"offset": 0, "type": {"kind": "struct", "name": "__anonymous_inner"}}}},
                   "__anonymous_inner": {"kind": "struct", "size": 4, "fields": {
                     "Deep": {"offset": 2, "type": {"kind": "base", "name": "unsigned short"}}}},
                   "_FLAGS": {"kind": "struct", "size": 4, "fields": {
                     "Bit": {"offset": 0, "type": {"kind": "bitfield", "bit_position": 9, "bit_length": 1,
                             "type": {"kind": "base", "name": "unsigned long"}}}}}}}
                """);
        WindowsProfile p = IsfProfile.load(file);

        assertThat(p.fieldNames("_OUTER")).containsExactly("First", "Whole", "Low", "u", "u.Flags", "u.Deep", "Kind",
                "Link", "Names", "Fn");
        assertThat(p.offset("_OUTER", "Whole")).isEqualTo(4);
        assertThat(p.bitField("_OUTER", "Low")).isEqualTo(new BitField(4, 0, 3, 4));
        assertThat(p.offset("_OUTER", "u.Deep")).isEqualTo(10);
        assertThat(p.bitField("_OUTER", "u.Flags.Bit")).isEqualTo(new BitField(8, 9, 1, 4));
        assertThat(p.bitField("_OUTER", "Kind")).isEqualTo(new BitField(12, 3, 4, 2));
        assertThat(p.fieldType("_OUTER", "Kind")).isEqualTo("enum _E");
        assertThat(p.fieldType("_OUTER", "Link")).isEqualTo("struct _OUTER*");
        assertThat(p.fieldType("_OUTER", "Names")).isEqualTo("unsigned long*[2]");
        assertThat(p.fieldType("_OUTER", "Fn")).isEqualTo("function*");
        assertThat(p.has("_OUTER", "__unnamed_field_1")).isFalse();
        assertThat(p.is64Bit()).isFalse();
        assertThat(p.isPae()).isTrue();
        assertThat(p.guidAge()).hasValue("0123456789ABCDEF0123456789ABCDEF2");
        assertThat(p.buildNumber()).isZero();
        assertThat(p.symbolRva("KiSystemCall")).hasValue(4096);
        assertThat(p.symbolNames()).containsExactly("KiSystemCall");
    }

    @Test
    void anIsfWithoutWindowsMetadataIsNamedByItsFile(@TempDir Path dir) throws IOException {
        Path file = write(dir, "custom.json", minimal("{}", 8));
        WindowsProfile p = IsfProfile.load(file);
        assertThat(p.id()).isEqualTo("isf-custom");
        assertThat(p.guidAge()).isEmpty();
        assertThat(p.buildNumber()).isZero();
        assertThat(p.structSize("_A")).isEqualTo(8);
    }

    @Test
    void refusesWhatIsNotAWindowsIsf(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> IsfProfile.load(write(dir, "linux.json", minimal("{\"linux\": {}}", 8))))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("at $.metadata: this ISF describes a Linux kernel, not a Windows one");
        assertThatThrownBy(() -> IsfProfile.load(write(dir, "p6.json", minimal("{}", 6))))
                .hasMessageContaining("$.base_types.pointer.size: a pointer is 4 or 8 bytes, not 6");
        String x86 = "{\"windows\": {\"pdb\": {\"GUID\": \"0123456789abcdef0123456789ABCDEF\", \"age\": 1, \"machine_type\": 332}}}";
        assertThatThrownBy(() -> IsfProfile.load(write(dir, "mix.json", minimal(x86, 8))))
                .hasMessageContaining("machine type 0x14c does not match the 8-byte pointer");
        String badGuid = "{\"windows\": {\"pdb\": {\"GUID\": \"xyz\", \"age\": 1}}}";
        assertThatThrownBy(() -> IsfProfile.load(write(dir, "guid.json", minimal(badGuid, 8))))
                .hasMessageContaining("$.metadata.windows.pdb.GUID: a PDB GUID is 32 hex digits");
    }

    @Test
    void refusesMembersOutsideTheirStructAndBitsOutsideTheirUnit(@TempDir Path dir) throws IOException {
        Path outside = write(dir, "outside.json", minimal("{}", 8).replace("\"offset\": 4", "\"offset\": 40"));
        assertThatThrownBy(() -> IsfProfile.load(outside))
                .isInstanceOf(MemoryException.class)
                .hasMessageContaining("outside.json: at $.user_types._A: member B at offset 40 lies outside the 8-byte _A");
        Path bits = write(dir, "bits.json", minimal("{}", 8).replace(
                "{\"kind\": \"base\", \"name\": \"unsigned long\"}",
                "{\"kind\": \"bitfield\", \"bit_position\": 30, \"bit_length\": 4, \"type\": {\"kind\": \"base\", \"name\": \"unsigned long\"}}"));
        assertThatThrownBy(() -> IsfProfile.load(bits))
                .hasMessageContaining("$.user_types._A.fields.B.type: bits 30/4 do not fit the 4-byte storage unit");
        Path kind = write(dir, "kind.json", minimal("{}", 8).replace("\"kind\": \"base\"", "\"kind\": \"quantum\""));
        assertThatThrownBy(() -> IsfProfile.load(kind)).hasMessageContaining("unknown type kind 'quantum'");
    }

    @Test
    void unreadableAndCorruptFilesAreNamed(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("none.json.xz");
        assertThatThrownBy(() -> IsfProfile.load(missing))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("cannot read the ISF " + missing);
        byte[] xz = Files.readAllBytes(isf("win10-19041-x64.trimmed-isf.json.xz"));
        xz[xz.length / 2] ^= 0x55;
        Path corrupt = dir.resolve("corrupt.json.xz");
        Files.write(corrupt, xz);
        assertThatThrownBy(() -> IsfProfile.load(corrupt))
                .isInstanceOf(MemoryException.class)
                .hasMessageContaining(corrupt.toString());
        Path text = write(dir, "text.json", "not json");
        assertThatThrownBy(() -> IsfProfile.load(text)).isInstanceOf(JsonException.class).hasMessageContaining(text + ": line 1, column 1");
    }

    private static String minimal(String metadata, int pointerSize) {
        return """
                {"metadata": %s,
                 "base_types": {"pointer": {"size": %d}, "unsigned long": {"size": 4}},
                 "user_types": {"_A": {"kind": "struct", "size": 8, "fields": {
                    "B": {"offset": 4, "type": {"kind": "base", "name": "unsigned long"}}}}},
                 "symbols": {}, "enums": {}}
                """.formatted(metadata, pointerSize);
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
