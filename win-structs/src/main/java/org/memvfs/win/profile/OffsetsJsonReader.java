package org.memvfs.win.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.memvfs.win.json.JsonNode;

/**
 * Reads one symbol-derived offsets file ({@code win10-19041-x64.json}; schema in the README beside
 * the data) into a {@link WindowsProfile}. It handles every shape the files use:
 * <ul>
 *   <li>plain members: {@code offset} and a C {@code type} string;</li>
 *   <li>bitfields: {@code bit_position}/{@code bit_length} within the storage unit at {@code offset},
 *       whose size follows from the type name ({@code unsigned long} → 4 bytes);</li>
 *   <li>bitfields whose {@code bit_position} is null (a {@code bit_position_note} says why): present,
 *       with an offset, but {@link WindowsProfile#bitField} refuses them;</li>
 *   <li>structs with a null {@code size} (a {@code note} says why);</li>
 *   <li>members whose {@code type} is an ISF type object, and ISF-shaped structs (with a {@code kind}),
 *       as in the 24H2 file's {@code extra_structs}, which become ordinary structs;</li>
 *   <li>absent members: {@code not_in_this_build}, {@code not_transcribed},
 *       {@code not_recovered_from_source}, with {@code A|B} naming renamed alternatives; partial
 *       transcriptions ({@code transcription}); absent structs ({@code structs_missing_in_this_build}).</li>
 * </ul>
 */
final class OffsetsJsonReader {
    private static final long MAX_RVA = 1L << 40;
    private static final Map<String, String> ABSENT_LISTS = absentLists();

    private OffsetsJsonReader() {
    }

    private static Map<String, String> absentLists() {
        Map<String, String> lists = new LinkedHashMap<>();
        lists.put("not_in_this_build", "the PDB of this build has no such member");
        lists.put("not_transcribed", "not transcribed from the source; the kernel may have it");
        lists.put("not_recovered_from_source", "could not be recovered from the source; the kernel may have it");
        return lists;
    }

    /** The profile in {@code root}, named {@code id} (the file name without {@code .json}). */
    static WindowsProfile read(JsonNode root, String id) {
        JsonNode archNode = root.get("arch");
        String arch = archNode.asString();
        int pointerSize;
        if (arch.startsWith("x64")) {
            pointerSize = Long.BYTES;
        } else if (arch.startsWith("x86")) {
            pointerSize = Integer.BYTES;
        } else {
            throw archNode.error("unknown architecture '" + arch + "', expected x64 or x86");
        }
        String pdb = root.find("pdb").map(JsonNode::asString).orElse("");
        boolean pae = pointerSize == Integer.BYTES
                && (arch.toUpperCase(Locale.ROOT).contains("PAE") || pdb.equalsIgnoreCase("ntkrpamp.pdb"));

        GuidAge guidAge = root.find("guid_age").map(OffsetsJsonReader::guidAge).orElse(null);
        List<GuidAge> known = new ArrayList<>();
        if (guidAge != null) {
            known.add(guidAge);
        }
        for (JsonNode sibling : root.find("same_layout_for_all_listed_fields").map(JsonNode::elements).orElse(List.of())) {
            GuidAge other = guidAge(sibling.get("guid_age"));
            if (!known.contains(other)) {
                known.add(other);
            }
        }

        Map<String, StructLayout> structs = structs(root.get("structs"));
        root.find("extra_structs").ifPresent(extra -> extra.members().forEach((name, node) -> {
            if (structs.containsKey(name)) {
                throw node.error("struct " + name + " is also in \"structs\"");
            }
            structs.put(name, struct(name, node));
        }));
        Map<String, String> missing = new LinkedHashMap<>();
        root.find("structs_missing_in_this_build")
                .ifPresent(list -> list.members().forEach((name, why) -> missing.put(name, why.asString())));
        KdDebuggerData.supplement(structs, missing);

        Map<String, Long> symbols = new LinkedHashMap<>();
        root.find("symbols_rva").ifPresent(list -> list.members().forEach((name, rva) -> symbols.put(name, rva.asLong(0, MAX_RVA))));

        return new WindowsProfile(id, root.get("build").asString(), root.find("source").map(JsonNode::asString).orElse(id),
                buildNumber(id, root), pointerSize, pae, guidAge, known, structs, missing, symbols);
    }

    /** Every struct of a {@code structs} object. */
    static Map<String, StructLayout> structs(JsonNode structsNode) {
        Map<String, StructLayout> structs = new LinkedHashMap<>();
        structsNode.members().forEach((name, node) -> structs.put(name, struct(name, node)));
        return structs;
    }

    /** The build number is the second part of the file name: win10-19041-x64 → 19041. */
    private static int buildNumber(String id, JsonNode root) {
        String[] parts = id.split("-");
        if (parts.length < 3 || !parts[1].chars().allMatch(c -> c >= '0' && c <= '9') || parts[1].length() > 6) {
            throw root.error("profile name '" + id + "' does not follow <os>-<build>-<arch>");
        }
        return Integer.parseInt(parts[1]);
    }

    private static GuidAge guidAge(JsonNode node) {
        try {
            return GuidAge.parse(node.asString());
        } catch (ProfileException e) {
            throw node.error(e.what());
        }
    }

    private static StructLayout struct(String name, JsonNode node) {
        if (node.has("kind")) {
            // an ISF-shaped struct; its members need no anonymous types from elsewhere
            return new IsfStructs(Map.of(name, node), isfTypes()).all().get(name);
        }
        JsonNode sizeNode = node.get("size");
        Integer size = sizeNode.isNull() ? null : sizeNode.asInt(0, StructLayout.MAX_SIZE);
        String sizeNote = size != null ? null : node.find("note").map(JsonNode::asString).orElse("the source gives none");
        Map<String, FieldLayout> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : node.get("fields").members().entrySet()) {
            if (fields.size() >= StructLayout.MAX_FIELDS) {
                throw node.error("more than " + StructLayout.MAX_FIELDS + " members");
            }
            FieldLayout field = field(member.getKey(), member.getValue());
            int end = field.bits() == null ? field.offset() : field.offset() + field.bits().unitSize();
            if (size != null && end > size) {
                throw member.getValue().error("offset " + field.offset() + " lies outside the " + size + "-byte " + name);
            }
            fields.put(field.name(), field);
        }
        Map<String, String> absent = new LinkedHashMap<>();
        ABSENT_LISTS.forEach((list, reason) -> node.find(list).ifPresent(names -> {
            for (JsonNode entry : names.elements()) {
                for (String alternative : entry.asString().split(FieldPaths.ALTERNATIVES)) {
                    absent.put(alternative.strip(), reason);
                }
            }
        }));
        String partial = node.find("transcription").map(JsonNode::asString).orElse(null);
        return new StructLayout(name, size, sizeNote, fields, absent, partial);
    }

    private static FieldLayout field(String name, JsonNode node) {
        int offset = node.get("offset").asInt(0, StructLayout.MAX_SIZE);
        JsonNode typeNode = node.get("type");
        if (typeNode.isObject()) {
            return isfTypes().field(name, offset, typeNode);
        }
        String type = typeNode.asString();
        if (!node.has("bit_position") && !node.has("bit_length")) {
            return new FieldLayout(name, offset, type, null, null);
        }
        OptionalInt unit = BaseTypeSizes.of(type);
        if (unit.isEmpty() || !IsfTypes.isUnitSize(unit.getAsInt())) {
            throw typeNode.error("unknown integer type '" + type + "' for a bitfield's storage unit");
        }
        int length = node.get("bit_length").asInt(1, Long.SIZE);
        JsonNode positionNode = node.get("bit_position");
        if (positionNode.isNull()) {
            String why = node.find("bit_position_note").map(JsonNode::asString).orElse("the source gives none");
            return new FieldLayout(name, offset, type, null, why);
        }
        int position = positionNode.asInt(0, Long.SIZE - 1);
        if (position + length > unit.getAsInt() * Byte.SIZE) {
            throw node.error("bits " + position + "/" + length + " do not fit a " + type);
        }
        return new FieldLayout(name, offset, type, new BitField(offset, position, length, unit.getAsInt()), null);
    }

    /** Offsets files carry no base_types table: integer sizes come from {@link BaseTypeSizes}. */
    private static IsfTypes isfTypes() {
        return new IsfTypes(Map.of(), Map.of());
    }
}
