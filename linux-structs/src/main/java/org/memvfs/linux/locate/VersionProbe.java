package org.memvfs.linux.locate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.memvfs.linux.btf.Btf;
import org.memvfs.mmu.Pa;
import org.memvfs.mmu.PhysicalMemory;

/**
 * The kernel's name for itself. {@code init_task.nsproxy->uts_ns->name} (the initial UTS namespace,
 * what {@code uname} prints) gives the release and version; the banner {@code linux_banner}
 * ("Linux version … (builder) (compiler) #1 SMP …") adds who built it with what. The banner is
 * taken from the scan's hits of {@code "Linux version "} whose line names the same release and ends
 * with the same version; without one the line is made from the UTS name.
 */
final class VersionProbe {
    static final byte[] BANNER_START = "Linux version ".getBytes(StandardCharsets.US_ASCII);
    /** Hits of the banner's first words kept from the scan (the kernel's log repeats it). */
    static final int MAX_BANNER_HITS = 16;
    private static final int MAX_BANNER_BYTES = 512;

    /** What {@code struct new_utsname} says. */
    record UtsName(String sysname, String release, String version, String machine) {
    }

    private VersionProbe() {
    }

    /** Reads {@code init_task.nsproxy->uts_ns->name} through the kernel-image map. */
    static UtsName utsName(Btf btf, LinearMap map, long initTask) {
        long nsproxy = map.readLong(initTask + btf.requireField("task_struct", "nsproxy").offset());
        long uts = map.readLong(nsproxy + btf.requireField("nsproxy", "uts_ns").offset());
        long name = uts + btf.requireField("uts_namespace", "name").offset();
        return new UtsName(field(btf, map, name, "sysname"), field(btf, map, name, "release"), field(btf, map, name, "version"),
                field(btf, map, name, "machine"));
    }

    private static String field(Btf btf, LinearMap map, long name, String member) {
        var field = btf.requireField("new_utsname", member);
        int length = (int) btf.sizeOf(field.type());
        return cString(map.read(name + field.offset(), length));
    }

    /** The banner line at the first hit that agrees with {@code uts}, or one made from {@code uts}. */
    static String banner(PhysicalMemory memory, List<Pa> hits, UtsName uts) {
        String start = "Linux version " + uts.release() + " (";
        for (Pa hit : hits) {
            ByteBuffer bytes = ByteBuffer.allocate(MAX_BANNER_BYTES);
            memory.read(hit, bytes);
            String text = new String(bytes.array(), StandardCharsets.ISO_8859_1);
            int end = text.indexOf('\n');
            if (end > 0) {
                String line = text.substring(0, end);
                if (line.startsWith(start) && line.endsWith(") " + uts.version())) {
                    return line;
                }
            }
        }
        return "Linux version " + uts.release() + " " + uts.version();
    }

    static String cString(ByteBuffer bytes) {
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        int end = 0;
        while (end < array.length && array[end] != 0) {
            end++;
        }
        return new String(array, 0, end, StandardCharsets.UTF_8);
    }
}
