package org.memvfs.win.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Kernel objects as the object manager lays them out: a pool block holding the optional headers,
 * then {@code _OBJECT_HEADER}, then the body at {@code _OBJECT_HEADER.Body}. Optional headers
 * sit below the header in bit order (the lowest InfoMask bit nearest), at the distances the
 * {@code ObpInfoMaskToOffset} table gives, which {@link #infoMaskToOffset} computes from the
 * profile's header sizes.
 *
 * <p>From Windows 10 on {@code _OBJECT_HEADER.TypeIndex} is stored encoded: the type's index XOR
 * the second-lowest byte of the header's address XOR the low byte of {@code ObHeaderCookie}
 * (see the win-offsets README). Windows 7 stores it plain.
 *
 * <p>Type indexes are this builder's choice (the profiles do not give them): the first few follow
 * the order Windows creates its types in (Type 2, Directory 3, SymbolicLink 4, Token 5, Job 6,
 * Process 7, Thread 8); File is 0x1C on Windows 7 and 0x25 later, as commonly seen on real systems.
 */
final class ObjectManager {
    /** InfoMask bits, lowest first, with the struct of each optional header. */
    static final String[] OPTIONAL_HEADERS = {
        "_OBJECT_HEADER_CREATOR_INFO", "_OBJECT_HEADER_NAME_INFO", "_OBJECT_HEADER_HANDLE_INFO",
        "_OBJECT_HEADER_QUOTA_INFO", "_OBJECT_HEADER_PROCESS_INFO", "_OBJECT_HEADER_AUDIT_INFO",
        "_OBJECT_HEADER_EXTENDED_INFO", "_OBJECT_HEADER_PADDING_INFO",
    };
    static final int CREATOR_INFO = 0x01;
    static final int NAME_INFO = 0x02;
    static final int QUOTA_INFO = 0x08;
    /** Windows 7 keeps TypeIndex plain; the builds after it encode it. */
    private static final int FIRST_ENCODED_BUILD = 9200;
    /** ObTypeIndexTable[1] is this marker on real systems, not a type. */
    private static final long BAD_TYPE_MARKER = 0xBAD0B0B0L;

    /** The object types the sample creates, with their names as Windows spells them. */
    enum Type {
        TYPE("Type", 2), DIRECTORY("Directory", 3), SYMBOLIC_LINK("SymbolicLink", 4), TOKEN("Token", 5),
        JOB("Job", 6), PROCESS("Process", 7), THREAD("Thread", 8), FILE("File", -1);

        final String typeName;
        final int fixedIndex;

        Type(String typeName, int fixedIndex) {
            this.typeName = typeName;
            this.fixedIndex = fixedIndex;
        }
    }

    private final WindowsProfile profile;
    private final VirtualMemory kernel;
    private final KernelPool pool;
    private final int cookie;
    private final boolean encoded;
    private final Map<Type, Long> typeObjects = new LinkedHashMap<>();

    ObjectManager(WindowsProfile profile, VirtualMemory kernel, KernelPool pool, int cookie) {
        this.profile = profile;
        this.kernel = kernel;
        this.pool = pool;
        this.cookie = cookie & 0xFF;
        this.encoded = profile.buildNumber() >= FIRST_ENCODED_BUILD;
    }

    int cookie() {
        return cookie;
    }

    boolean typeIndexEncoded() {
        return encoded;
    }

    int typeIndex(Type type) {
        if (type == Type.FILE) {
            return profile.buildNumber() < FIRST_ENCODED_BUILD ? 0x1C : 0x25;
        }
        return type.fixedIndex;
    }

    /**
     * Creates an object of {@code type} with a body of {@code bodySize} bytes in a pool block
     * tagged {@code tag}, with the optional headers {@code infoMask} names; returns the body.
     */
    long create(Type type, String tag, int bodySize, KernelPool.Kind kind, int infoMask, String name) {
        int optional = infoMaskToOffset(infoMask);
        int headerBody = profile.offset("_OBJECT_HEADER", "Body");
        long block = pool.allocate(tag, optional + headerBody + bodySize, kind);
        long header = block + optional;
        StructWriter h = new StructWriter(profile, kernel, "_OBJECT_HEADER", header);
        h.ptr("PointerCount", 0x20 + bodySize % 7).ptr("HandleCount", 1)
                .u8("TypeIndex", storedTypeIndex(typeIndex(type), header)).u8("InfoMask", infoMask);
        if ((infoMask & NAME_INFO) != 0 && name != null) {
            long nameInfo = header - infoMaskToOffset(infoMask & (NAME_INFO | (NAME_INFO - 1)));
            long buffer = pool.allocate("ObNm", LittleEndian.utf16z(name).length, KernelPool.Kind.PAGED);
            kernel.write(buffer, LittleEndian.utf16z(name));
            new StructWriter(profile, kernel, "_OBJECT_HEADER_NAME_INFO", nameInfo)
                    .unicodeString("Name", name, buffer, LittleEndian.utf16z(name).length).u32("ReferenceCount", 1);
        }
        return header + headerBody;
    }

    /** The object header of the object whose body is at {@code body}. */
    long headerOf(long body) {
        return body - profile.offset("_OBJECT_HEADER", "Body");
    }

    /** TypeIndex as this build stores it for a header at {@code headerVa}. */
    int storedTypeIndex(int index, long headerVa) {
        return encoded ? (index ^ (int) ((headerVa >>> 8) & 0xFF) ^ cookie) & 0xFF : index;
    }

    /**
     * The distance from the object header down to the start of the optional headers {@code mask}
     * names: the sum of their sizes, each from the profile (headers the build lacks count 0).
     */
    int infoMaskToOffset(int mask) {
        int total = 0;
        for (int bit = 0; bit < OPTIONAL_HEADERS.length; bit++) {
            if ((mask & (1 << bit)) != 0 && profile.hasStruct(OPTIONAL_HEADERS[bit])) {
                total += profile.structSize(OPTIONAL_HEADERS[bit]);
            }
        }
        return total;
    }

    /** The 256-byte {@code ObpInfoMaskToOffset} table. */
    byte[] infoMaskToOffsetTable() {
        byte[] table = new byte[256];
        for (int mask = 0; mask < table.length; mask++) {
            table[mask] = (byte) infoMaskToOffset(mask);
        }
        return table;
    }

    /**
     * Creates the {@code _OBJECT_TYPE} objects of every {@link Type} (each named, in the "ObjT"
     * pool) and returns {@code ObTypeIndexTable}'s pointers by index.
     */
    List<Long> createTypeObjects() {
        List<Long> table = new ArrayList<>();
        int size = profile.structSize("_OBJECT_TYPE");
        for (Type type : Type.values()) {
            long body = create(Type.TYPE, "ObjT", size, KernelPool.Kind.NON_PAGED, NAME_INFO | CREATOR_INFO, type.typeName);
            byte[] text = LittleEndian.utf16z(type.typeName);
            long buffer = pool.allocate("ObNm", text.length, KernelPool.Kind.PAGED);
            kernel.write(buffer, text);
            new StructWriter(profile, kernel, "_OBJECT_TYPE", body)
                    .emptyList("TypeList")
                    .unicodeString("Name", type.typeName, buffer, text.length)
                    .u8("Index", typeIndex(type))
                    .u32("TotalNumberOfObjects", 0x40 + type.ordinal())
                    .u32("TotalNumberOfHandles", 0x30 + type.ordinal());
            typeObjects.put(type, body);
        }
        int highest = typeObjects.keySet().stream().mapToInt(this::typeIndex).max().orElse(0);
        for (int i = 0; i <= highest; i++) {
            table.add(0L);
        }
        table.set(1, BAD_TYPE_MARKER);
        typeObjects.forEach((type, body) -> table.set(typeIndex(type), body));
        return table;
    }

    /** The {@code _OBJECT_TYPE} body of {@code type}, once {@link #createTypeObjects} ran. */
    long typeObject(Type type) {
        Long body = typeObjects.get(type);
        if (body == null) {
            throw new IllegalStateException("the type objects are not created yet");
        }
        return body;
    }
}
