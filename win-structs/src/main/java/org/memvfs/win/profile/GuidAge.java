package org.memvfs.win.profile;

import java.util.HexFormat;
import java.util.Locale;

/**
 * The identity of a PDB, and so of one kernel build: its 128-bit GUID and its age, as the RSDS
 * CodeView record of the image names them.
 *
 * <p>Two spellings exist and both parse. The canonical one, {@link #toString()}, is the GUID as 32
 * upper-case hex digits followed by the age in upper-case hex — the directory name on the
 * Microsoft symbol server and the {@code guid_age} of the built-in profile files (e.g. {@code
 * 606FF669409B00F7FC8C61A9C16701291}). Volatility's symbol files are named with the GUID, a dash
 * and the age in decimal ({@code 606FF669409B00F7FC8C61A9C1670129-1.json.xz}), see {@link
 * #fileStem()}.
 *
 * @param guid 32 hex digits, upper case
 * @param age  the PDB age, an unsigned 32-bit number
 */
public record GuidAge(String guid, long age) {
    private static final int GUID_DIGITS = 32;
    private static final int MAX_AGE_HEX_DIGITS = 8;
    private static final long MAX_AGE = 0xFFFF_FFFFL;
    private static final int SIGNATURE_BYTES = 16;

    public GuidAge {
        if (guid == null || guid.length() != GUID_DIGITS || !isHex(guid)) {
            throw new ProfileException("a PDB GUID is 32 hex digits, not '" + guid + "'", null);
        }
        if (age < 0 || age > MAX_AGE) {
            throw new ProfileException("a PDB age is an unsigned 32-bit number, not " + age, null);
        }
        guid = guid.toUpperCase(Locale.ROOT);
    }

    /**
     * Parses {@code GUIDAGE} (age in hex, the symbol-server spelling) or {@code GUID-AGE} (age in
     * decimal, the Volatility file-name spelling); hex digits of either case.
     *
     * @throws ProfileException naming the text when it is neither
     */
    public static GuidAge parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.length() > GUID_DIGITS && isHex(s.substring(0, GUID_DIGITS))) {
            String guid = s.substring(0, GUID_DIGITS);
            String age = s.substring(GUID_DIGITS);
            if (age.startsWith("-") && age.length() > 1 && age.length() <= 11 && age.substring(1).chars().allMatch(c -> c >= '0' && c <= '9')) {
                return new GuidAge(guid, Long.parseLong(age.substring(1)));
            }
            if (age.length() <= MAX_AGE_HEX_DIGITS && isHex(age)) {
                return new GuidAge(guid, Long.parseLong(age, 16));
            }
        }
        throw new ProfileException("'" + text + "' is not a PDB GUID and age: expected 32 hex digits followed by the age"
                + " in hex (symbol-server style) or by '-' and the age in decimal (Volatility style)", null);
    }

    /**
     * The identity in an RSDS CodeView record: {@code signature} is the 16 GUID bytes as stored
     * (Data1 as a little-endian u32, Data2 and Data3 as little-endian u16, then 8 bytes in order).
     */
    public static GuidAge fromCodeView(byte[] signature, long age) {
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            throw new ProfileException("an RSDS GUID is 16 bytes", null);
        }
        byte[] ordered = {
            signature[3], signature[2], signature[1], signature[0],
            signature[5], signature[4],
            signature[7], signature[6],
            signature[8], signature[9], signature[10], signature[11],
            signature[12], signature[13], signature[14], signature[15],
        };
        return new GuidAge(HexFormat.of().withUpperCase().formatHex(ordered), age);
    }

    /** {@code GUID-age} with a decimal age: the name of a Volatility symbol file without its extension. */
    public String fileStem() {
        return guid + "-" + age;
    }

    /** The canonical spelling: GUID and age in upper-case hex, no separator. */
    @Override
    public String toString() {
        return guid + Long.toHexString(age).toUpperCase(Locale.ROOT);
    }

    private static boolean isHex(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80);
    }
}
