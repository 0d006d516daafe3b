package org.memvfs.linux.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The type information of a kernel, parsed from its BTF blob ({@code .BTF}): every struct, union,
 * enum and typedef with sizes and member offsets. The whole blob is checked when it is parsed (see
 * {@link BtfSections}); lookups after that are bounded. Immutable and safe for concurrent use.
 */
public final class Btf {
    /** Pointers on x86-64: BTF's PTR has no size of its own. */
    public static final int POINTER_BYTES = 8;
    /** How many typedefs and qualifiers a lookup follows before it gives up on a loop. */
    private static final int MAX_MODIFIER_CHAIN = 64;
    /** How deep anonymous structs and unions nest before a member search gives up. */
    private static final int MAX_ANONYMOUS_DEPTH = 32;

    private final BtfHeader header;
    private final ByteBuffer types;
    private final ByteBuffer strings;
    private final int[] offsets;
    private volatile Map<String, int[]> byName;

    private Btf(BtfHeader header, ByteBuffer types, ByteBuffer strings, int[] offsets) {
        this.header = header;
        this.types = types;
        this.strings = strings;
        this.offsets = offsets;
    }

    /**
     * Parses and checks a whole blob, header first.
     *
     * @throws BtfFormatException when the header, the type section or the string section is not
     *                            BTF, or the blob ends before its sections do
     */
    public static Btf parse(ByteBuffer blob) {
        ByteBuffer in = blob.slice().order(ByteOrder.LITTLE_ENDIAN);
        BtfHeader header = BtfHeader.parse(in);
        if (in.remaining() < header.blobLength()) {
            throw new BtfFormatException("BTF blob of " + in.remaining() + " bytes is shorter than its header says ("
                    + header.blobLength() + "): it is cut short");
        }
        for (int i = BtfHeader.LENGTH; i < header.headerLength(); i++) {
            if (in.get(i) != 0) {
                throw new BtfFormatException("BTF header byte " + i + " is not zero: a header field this parser does not know");
            }
        }
        ByteBuffer types = section(in, header.headerLength() + header.typeOffset(), header.typeLength());
        ByteBuffer strings = section(in, header.headerLength() + header.stringOffset(), header.stringLength());
        int[] offsets = BtfSections.index(types, strings);
        return new Btf(header, types, strings, offsets);
    }

    private static ByteBuffer section(ByteBuffer blob, long start, long length) {
        return blob.slice((int) start, (int) length).order(ByteOrder.LITTLE_ENDIAN);
    }

    public BtfHeader header() {
        return header;
    }

    ByteBuffer typeSection() {
        return types;
    }

    /** The number of types, not counting {@code void} (type id 0). Ids run from 1 to this. */
    public int typeCount() {
        return offsets.length - 1;
    }

    /** The type with {@code id}, 1 to {@link #typeCount()}. */
    public BtfType type(int id) {
        if (id < 1 || id > typeCount()) {
            throw new IllegalArgumentException("no BTF type " + id + " (ids run 1.." + typeCount() + ")");
        }
        return new BtfType(this, id, offsets[id]);
    }

    /** How many types there are of each kind. */
    public Map<BtfKind, Integer> kindCounts() {
        Map<BtfKind, Integer> counts = new EnumMap<>(BtfKind.class);
        for (int id = 1; id <= typeCount(); id++) {
            counts.merge(type(id).kind(), 1, Integer::sum);
        }
        return counts;
    }

    /** The NUL-terminated string at {@code offset} of the string section. */
    String string(int offset) {
        int start = offset;
        int end = start;
        int limit = strings.limit();
        while (end < limit && strings.get(end) != 0) {
            end++;
        }
        if (end == start) {
            return "";
        }
        byte[] bytes = new byte[end - start];
        strings.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Every type named {@code name}, of any kind, by id. */
    private int[] idsNamed(String name) {
        Map<String, int[]> index = byName;
        if (index == null) {
            index = buildNameIndex();
            byName = index;
        }
        return index.getOrDefault(name, new int[0]);
    }

    private synchronized Map<String, int[]> buildNameIndex() {
        if (byName != null) {
            return byName;
        }
        Map<String, int[]> index = new HashMap<>();
        for (int id = 1; id <= typeCount(); id++) {
            int nameOffset = types.getInt(offsets[id]);
            if (nameOffset != 0) {
                index.merge(string(nameOffset), new int[] {id}, (a, b) -> {
                    int[] joined = java.util.Arrays.copyOf(a, a.length + 1);
                    joined[a.length] = b[0];
                    return joined;
                });
            }
        }
        return index;
    }

    /** The first type of {@code kind} named {@code name}. */
    public Optional<BtfType> named(String name, BtfKind kind) {
        for (int id : idsNamed(name)) {
            BtfType type = type(id);
            if (type.kind() == kind) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The struct or union named {@code name} (a definition, not a forward declaration). */
    public Optional<BtfType> struct(String name) {
        for (int id : idsNamed(name)) {
            BtfType type = type(id);
            if (type.kind().isComposite()) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * The struct or union named {@code name}.
     *
     * @throws MissingTypeException when this kernel's BTF has none
     */
    public BtfType requireStruct(String name) {
        return struct(name).orElseThrow(() -> new MissingTypeException("the kernel's BTF has no struct " + name));
    }

    /** {@code id} with typedefs and qualifiers ({@code const}, {@code volatile} …) stripped. */
    public BtfType resolve(int id) {
        int current = id;
        for (int step = 0; step < MAX_MODIFIER_CHAIN; step++) {
            if (current == 0) {
                throw new MissingTypeException("BTF type " + id + " resolves to void");
            }
            BtfType type = type(current);
            if (!type.kind().isModifier()) {
                return type;
            }
            current = type.referencedType();
        }
        throw new BtfFormatException("BTF type " + id + " is a chain of more than " + MAX_MODIFIER_CHAIN + " typedefs and qualifiers");
    }

    /** The size in bytes of a value of type {@code id}. */
    public long sizeOf(int id) {
        BtfType type = resolve(id);
        return switch (type.kind()) {
            case PTR -> POINTER_BYTES;
            case ARRAY -> type.arrayLength() * sizeOf(type.arrayElementType());
            case INT, STRUCT, UNION, ENUM, ENUM64, FLOAT, DATASEC -> type.size();
            default -> throw new MissingTypeException("BTF type " + type + " has no size");
        };
    }

    /** The size of the struct or union named {@code name}. */
    public long sizeOf(String struct) {
        return requireStruct(struct).size();
    }

    /**
     * The member at {@code path} (names joined with dots) of the struct or union {@code struct},
     * looking through anonymous structs and unions at every step; empty when there is none.
     */
    public Optional<BtfField> field(String struct, String path) {
        Optional<BtfType> owner = struct(struct);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        BtfType current = owner.get();
        long bitOffset = 0;
        BtfMember found = null;
        for (String name : path.split("\\.", -1)) {
            if (name.isEmpty()) {
                return Optional.empty(); // an empty name would match any anonymous member
            }
            if (found != null) {
                current = resolve(found.type());
                if (!current.kind().isComposite()) {
                    return Optional.empty();
                }
            }
            Optional<Located> located = findMember(current, name);
            if (located.isEmpty()) {
                return Optional.empty();
            }
            found = located.get().member();
            bitOffset += located.get().bitOffset();
        }
        return Optional.of(new BtfField(struct, path, bitOffset, found.bitSize(), found.type()));
    }

    /**
     * The member at {@code path} of {@code struct}.
     *
     * @throws MissingTypeException naming the struct and the path when there is none
     */
    public BtfField requireField(String struct, String path) {
        return field(struct, path).orElseThrow(() -> new MissingTypeException(
                "the kernel's BTF has no " + struct + "." + path + (struct(struct).isEmpty() ? " (no struct " + struct + " at all)" : "")));
    }

    /** Whether {@code struct} has a member at {@code path}: how version differences are told apart. */
    public boolean hasField(String struct, String path) {
        return field(struct, path).isPresent();
    }

    /** A member found inside {@code type}, with its bit offset from the start of {@code type}. */
    private record Located(BtfMember member, long bitOffset) {
    }

    /** An anonymous member still to be searched, with its depth below the struct the search began in. */
    private record Pending(Located holder, int depth) {
    }

    /** Breadth first, so that a direct member wins over one inside an anonymous member. */
    private Optional<Located> findMember(BtfType type, String name) {
        Deque<Pending> pending = new ArrayDeque<>();
        pending.add(new Pending(null, 0));
        while (!pending.isEmpty()) {
            Pending next = pending.poll();
            Located holder = next.holder();
            BtfType scope = holder == null ? type : resolve(holder.member().type());
            long base = holder == null ? 0 : holder.bitOffset();
            for (BtfMember member : scope.members()) {
                if (member.name().equals(name)) {
                    return Optional.of(new Located(member, base + member.bitOffset()));
                }
                if (member.isAnonymous() && next.depth() < MAX_ANONYMOUS_DEPTH && resolve(member.type()).kind().isComposite()) {
                    pending.add(new Pending(new Located(member, base + member.bitOffset()), next.depth() + 1));
                }
            }
        }
        return Optional.empty();
    }

    /** The value of the enumerator {@code name}, from whichever enum declares it. */
    public Optional<Long> enumerator(String name) {
        for (int id = 1; id <= typeCount(); id++) {
            BtfType type = type(id);
            if (type.kind() == BtfKind.ENUM || type.kind() == BtfKind.ENUM64) {
                for (BtfEnumerator e : type.enumerators()) {
                    if (e.name().equals(name)) {
                        return Optional.of(e.value());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The value of the enumerator {@code name}.
     *
     * @throws MissingTypeException when no enum of this kernel declares it
     */
    public long requireEnumerator(String name) {
        return enumerator(name).orElseThrow(() -> new MissingTypeException("the kernel's BTF has no enumerator " + name));
    }

    /**
     * The members of {@code struct} at every depth whose type is the struct {@code memberType}
     * (array elements not included), as dotted paths with offsets: used to find the empty list
     * heads of a task, wherever they are nested.
     */
    public List<BtfField> fieldsOfType(String struct, String memberType) {
        List<BtfField> found = new java.util.ArrayList<>();
        collect(requireStruct(struct), struct, "", 0, memberType, found, 0);
        return found;
    }

    private void collect(BtfType scope, String owner, String prefix, long base, String memberType, List<BtfField> found, int depth) {
        if (depth > MAX_ANONYMOUS_DEPTH) {
            return;
        }
        for (BtfMember member : scope.members()) {
            BtfType type = resolve(member.type());
            if (!type.kind().isComposite()) {
                continue;
            }
            String path = member.isAnonymous() ? prefix : prefix + member.name();
            long at = base + member.bitOffset();
            if (!member.isAnonymous() && type.name().equals(memberType)) {
                found.add(new BtfField(owner, path, at, 0, member.type()));
            } else {
                collect(type, owner, member.isAnonymous() ? prefix : path + ".", at, memberType, found, depth + 1);
            }
        }
    }

    @Override
    public String toString() {
        return "BTF with " + typeCount() + " types (" + header + ")";
    }
}
