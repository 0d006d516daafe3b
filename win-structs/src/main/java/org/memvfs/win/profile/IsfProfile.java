package org.memvfs.win.profile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.memvfs.win.json.Json;
import org.memvfs.win.json.JsonNode;
import org.tukaani.xz.XZInputStream;

/**
 * Loads a Volatility 3 symbol table (Intermediate Symbol Format, ISF) for a Windows kernel into a
 * {@link WindowsProfile}, so a kernel no built-in profile covers can be read with a symbol file
 * generated from its PDB. The file may be plain JSON or xz-compressed ({@code .json.xz}, detected
 * by its magic bytes), as Volatility and the JPCERT symbol tables ship them.
 *
 * <ul>
 *   <li>{@code user_types} become structs, flattened so the field paths of the built-in profiles
 *       work unchanged ({@code _MMVAD_SHORT} + {@code u.VadFlags}, see {@link IsfStructs});
 *       anonymous helper types stay available under their ISF names;</li>
 *   <li>{@code symbols[*].address} become {@link WindowsProfile#symbolRva} (ISF addresses of
 *       PDB-derived tables are relative to the image base);</li>
 *   <li>{@code metadata.windows.pdb} gives the GUID and age; {@code base_types.pointer.size} the
 *       pointer size; a database named {@code ntkrpamp.pdb} marks an x86 PAE kernel;</li>
 *   <li>the build number comes from the built-in profile listing the same GUID+age, else it is 0;</li>
 *   <li>the kernel debugger data block structs are added as for built-in profiles.</li>
 * </ul>
 */
public final class IsfProfile {
    private static final byte[] XZ_MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};
    /** Decompressor memory limit in KiB: xz -9 needs 64 MiB; anything above this is not an ISF. */
    private static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;
    private static final int IMAGE_FILE_MACHINE_I386 = 0x14c;
    private static final int IMAGE_FILE_MACHINE_AMD64 = 0x8664;
    private static final long MAX_RVA = 1L << 40;

    private IsfProfile() {
    }

    /**
     * Reads the ISF at {@code file}.
     *
     * @throws org.memvfs.mmu.MemoryException a {@link org.memvfs.win.json.JsonException} naming the
     *     file and the line or JSON path when the file is not valid JSON or not shaped like an ISF,
     *     a {@link ProfileException} when it cannot be read or is not a Windows ISF
     */
    public static WindowsProfile load(Path file) {
        return load(file, Json.Limits.DEFAULT);
    }

    public static WindowsProfile load(Path file, Json.Limits limits) {
        try (InputStream raw = Files.newInputStream(file); BufferedInputStream in = new BufferedInputStream(raw)) {
            InputStream data = isXz(in) ? new XZInputStream(in, XZ_MEMORY_LIMIT_KIB) : in;
            return read(Json.parse(data, file.toString(), limits), file);
        } catch (IOException e) {
            throw new ProfileException("cannot read the ISF " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isXz(BufferedInputStream in) throws IOException {
        in.mark(XZ_MAGIC.length);
        byte[] head = in.readNBytes(XZ_MAGIC.length);
        in.reset();
        return java.util.Arrays.equals(head, XZ_MAGIC);
    }

    /** The profile in the parsed ISF {@code root}, read from {@code file}. */
    static WindowsProfile read(JsonNode root, Path file) {
        JsonNode metadata = root.get("metadata");
        Optional<JsonNode> windows = metadata.find("windows");
        if (windows.isEmpty() && (metadata.has("linux") || metadata.has("mac"))) {
            throw metadata.error("this ISF describes a " + (metadata.has("linux") ? "Linux" : "macOS")
                    + " kernel, not a Windows one");
        }
        Optional<JsonNode> pdb = windows.flatMap(w -> w.find("pdb"));
        GuidAge guidAge = pdb.map(IsfProfile::guidAge).orElse(null);
        String database = pdb.flatMap(p -> p.find("database")).map(JsonNode::asString).orElse("");

        Map<String, Integer> baseSizes = sizes(root.get("base_types"));
        JsonNode pointer = root.get("base_types").get("pointer").get("size");
        int pointerSize = pointer.asInt(Integer.BYTES, Long.BYTES);
        if (pointerSize != Integer.BYTES && pointerSize != Long.BYTES) {
            throw pointer.error("a pointer is 4 or 8 bytes, not " + pointerSize);
        }
        pdb.flatMap(p -> p.find("machine_type")).ifPresent(machine -> checkMachine(machine, pointerSize));
        Map<String, Integer> enumSizes = root.find("enums").map(IsfProfile::sizes).orElse(Map.of());

        IsfTypes types = new IsfTypes(baseSizes, enumSizes);
        Map<String, StructLayout> structs = new IsfStructs(root.get("user_types").members(), types).all();
        Map<String, String> missing = new LinkedHashMap<>();
        KdDebuggerData.supplement(structs, missing);

        Map<String, Long> symbols = new LinkedHashMap<>();
        root.find("symbols").ifPresent(list -> list.members().forEach((name, symbol) ->
                symbol.find("address").ifPresent(address -> symbols.put(name, address.asLong(0, MAX_RVA)))));

        String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String id = "isf-" + (guidAge != null ? guidAge.toString() : stem(fileName));
        int buildNumber = guidAge == null ? 0
                : Profiles.byGuidAge(guidAge.toString()).map(WindowsProfile::buildNumber).orElse(0);
        String build = "Volatility 3 ISF " + fileName
                + (guidAge == null ? "" : " (" + (database.isEmpty() ? "PDB" : database) + " " + guidAge + ")");
        boolean pae = pointerSize == Integer.BYTES && database.equalsIgnoreCase("ntkrpamp.pdb");
        List<GuidAge> known = guidAge == null ? List.of() : List.of(guidAge);
        return new WindowsProfile(id, build, file.toString(), buildNumber, pointerSize, pae, guidAge, known, structs,
                missing, symbols);
    }

    private static GuidAge guidAge(JsonNode pdb) {
        JsonNode guid = pdb.get("GUID");
        long age = pdb.get("age").asLong(0, 0xFFFF_FFFFL);
        String digits = guid.asString().replace("-", "").replace("{", "").replace("}", "");
        try {
            return new GuidAge(digits, age);
        } catch (ProfileException e) {
            throw guid.error(e.what());
        }
    }

    private static void checkMachine(JsonNode machine, int pointerSize) {
        long type = machine.asLong();
        int expected = type == IMAGE_FILE_MACHINE_AMD64 ? Long.BYTES : type == IMAGE_FILE_MACHINE_I386 ? Integer.BYTES : 0;
        if (expected != 0 && expected != pointerSize) {
            throw machine.error("machine type 0x" + Long.toHexString(type) + " does not match the " + pointerSize
                    + "-byte pointer of base_types");
        }
    }

    private static Map<String, Integer> sizes(JsonNode types) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        types.members().forEach((name, type) -> sizes.put(name, type.get("size").asInt(0, StructLayout.MAX_SIZE)));
        return sizes;
    }

    private static String stem(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {".json.xz", ".json"}) {
            if (lower.endsWith(suffix)) {
                return fileName.substring(0, fileName.length() - suffix.length());
            }
        }
        return fileName;
    }
}
