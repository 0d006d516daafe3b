package org.memvfs.win.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The structure layout of one Windows kernel build: struct sizes, member offsets, bitfield
 * positions, and (where the source gives them) kernel symbol RVAs. This is where memvfs gets every
 * offset it uses; no offset is written in Java code.
 *
 * <p>Field paths are the member names as the profile files write them, with named unions
 * expanded one level ({@code u.VadFlags} of {@code _MMVAD_SHORT}); a path may go on into the
 * member's own struct type ({@code u.VadFlags.Protection}) and may list alternatives for a member
 * renamed between builds ({@code Wow64Process|WoW64Process}, the first present wins).
 *
 * <p>A lookup of a struct or member the profile does not have throws {@link ProfileException}
 * naming the profile, the struct, the member and the reason (not in this build's PDB, not
 * transcribed from the source, ...); {@link #has} asks without throwing. Instances are immutable
 * and safe to share between threads. Get them from {@link Profiles} or {@link IsfProfile}.
 */
public final class WindowsProfile {
    private final String id;
    private final String build;
    private final String source;
    private final int buildNumber;
    private final int pointerSize;
    private final boolean pae;
    private final GuidAge guidAge;
    private final List<GuidAge> knownGuidAges;
    private final Map<String, StructLayout> structs;
    private final Map<String, String> missingStructs;
    private final Map<String, Long> symbols;
    private final FieldPaths paths;

    WindowsProfile(String id, String build, String source, int buildNumber, int pointerSize, boolean pae,
            GuidAge guidAge, List<GuidAge> knownGuidAges, Map<String, StructLayout> structs,
            Map<String, String> missingStructs, Map<String, Long> symbols) {
        this.id = id;
        this.build = build;
        this.source = source;
        this.buildNumber = buildNumber;
        this.pointerSize = pointerSize;
        this.pae = pae;
        this.guidAge = guidAge;
        this.knownGuidAges = List.copyOf(knownGuidAges);
        this.structs = Collections.unmodifiableMap(new LinkedHashMap<>(structs));
        this.missingStructs = Collections.unmodifiableMap(new LinkedHashMap<>(missingStructs));
        this.symbols = Collections.unmodifiableMap(new LinkedHashMap<>(symbols));
        this.paths = new FieldPaths(this.structs);
    }

    /**
     * This layout as the profile of the sibling kernel {@code other}, one of
     * {@link #knownGuidAges()}: same structs, but no symbol RVAs, since those are valid only for
     * the kernel the source was generated from.
     */
    WindowsProfile forSiblingKernel(GuidAge other) {
        return new WindowsProfile(id, build, source, buildNumber, pointerSize, pae, other, knownGuidAges, structs,
                missingStructs, Map.of());
    }

    /** A short stable name: the resource file name for built-in profiles, e.g. {@code win10-19041-x64}. */
    public String id() {
        return id;
    }

    /** A human description of the build(s) this layout covers. */
    public String build() {
        return build;
    }

    /** Where the layout was taken from (repository/path@commit, or the ISF file). */
    public String source() {
        return source;
    }

    /**
     * The kernel build number this layout belongs to (7601, 17763, 18362, 19041, 22000, 22621,
     * 26100), which for shared kernels is the first build using it (see
     * {@link Profiles#kernelBuild(int)}); 0 for an ISF of a kernel no built-in profile lists.
     */
    public int buildNumber() {
        return buildNumber;
    }

    public boolean is64Bit() {
        return pointerSize == Long.BYTES;
    }

    /** 8 on x64, 4 on x86. */
    public int pointerSize() {
        return pointerSize;
    }

    /** Whether this is an x86 PAE kernel (ntkrpamp); always false on x64. */
    public boolean isPae() {
        return pae;
    }

    /**
     * The canonical GUID+age ({@link GuidAge#toString()}) of the kernel PDB this layout describes and
     * {@link #symbolRva} is valid for; empty when the source named no PDB.
     */
    public Optional<String> guidAge() {
        return Optional.ofNullable(guidAge).map(GuidAge::toString);
    }

    /**
     * Every kernel GUID+age known to have this layout for all listed fields: {@link #guidAge()}
     * and the source's {@code same_layout_for_all_listed_fields}, canonical spelling.
     */
    public List<String> knownGuidAges() {
        List<String> all = new ArrayList<>(knownGuidAges.size());
        knownGuidAges.forEach(g -> all.add(g.toString()));
        return all;
    }

    /** The size of {@code struct} in bytes. */
    public int structSize(String struct) {
        StructLayout layout = layout(struct, null);
        if (layout.size() == null) {
            throw new ProfileException(id, struct, null, "size unknown"
                    + (layout.sizeNote() == null ? "" : " (" + layout.sizeNote() + ")"));
        }
        return layout.size();
    }

    /**
     * The byte offset of {@code field} from the start of {@code struct}; for a bitfield, the offset
     * of its storage unit.
     */
    public int offset(String struct, String field) {
        return field(struct, field).offset();
    }

    /** Where the bitfield {@code field} of {@code struct} lives. */
    public BitField bitField(String struct, String field) {
        FieldLayout layout = field(struct, field);
        if (layout.bits() != null) {
            return layout.bits();
        }
        if (layout.unknownBits() != null) {
            throw new ProfileException(id, struct, field, "bit position unknown (" + layout.unknownBits() + ")");
        }
        throw new ProfileException(id, struct, field, "not a bitfield: it is a " + layout.type() + " at offset 0x"
                + Integer.toHexString(layout.offset()));
    }

    /** The C type of {@code field} as the source spells it, e.g. {@code struct _MMVAD_FLAGS} or {@code void*}. */
    public String fieldType(String struct, String field) {
        return field(struct, field).type();
    }

    /** Whether {@code struct} has {@code field} in this profile; never throws for a missing struct. */
    public boolean has(String struct, String field) {
        return paths.find(struct, field).isPresent();
    }

    /** Whether this profile describes {@code struct}. */
    public boolean hasStruct(String struct) {
        return structs.containsKey(struct);
    }

    /** Every struct this profile describes. */
    public Set<String> structNames() {
        return structs.keySet();
    }

    /** The member names of {@code struct} as the profile lists them (flattened), in source order. */
    public List<String> fieldNames(String struct) {
        return List.copyOf(layout(struct, null).fields().keySet());
    }

    /**
     * The RVA (offset from the kernel image base) of the kernel symbol {@code name}, when the
     * source lists it. Valid only for the kernel {@link #guidAge()} names.
     */
    public OptionalLong symbolRva(String name) {
        Long rva = symbols.get(name);
        return rva == null ? OptionalLong.empty() : OptionalLong.of(rva);
    }

    /** The names {@link #symbolRva} knows. */
    public Set<String> symbolNames() {
        return symbols.keySet();
    }

    @Override
    public String toString() {
        return id + " (" + build + ")";
    }

    private FieldLayout field(String struct, String field) {
        StructLayout layout = layout(struct, field);
        return paths.find(layout.name(), field)
                .orElseThrow(() -> new ProfileException(id, struct, field, paths.whyAbsent(struct, field)));
    }

    private StructLayout layout(String struct, String field) {
        StructLayout layout = structs.get(struct);
        if (layout == null) {
            String reason = missingStructs.get(struct);
            throw new ProfileException(id, struct, field, "struct not in this profile"
                    + (reason == null ? "" : " (" + reason + ")"));
        }
        return layout;
    }
}
