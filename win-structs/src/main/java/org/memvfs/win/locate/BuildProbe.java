package org.memvfs.win.locate;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Va;
import org.memvfs.win.object.MemoryReader;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;

/**
 * The kernel's build number, before any profile is chosen: KUSER_SHARED_DATA.NtBuildNumber (Windows
 * 10 and later; the field's offset is taken from every built-in profile of the bitness that has it,
 * and must agree with itself), else ntoskrnl's exported {@code NtBuildNumber} variable, else
 * KUSER_SHARED_DATA's NtMajorVersion.NtMinorVersion, which tells Windows 7 (6.1) apart.
 * KUSER_SHARED_DATA is at a fixed kernel address, the same on every build.
 *
 * <p>When the kernel's GUID+age names a built-in profile, that profile is asked first: it is parsed
 * for the fit anyway, so the probe then costs no second parse.
 */
final class BuildProbe {
    static final long KUSER_SHARED_DATA_X64 = 0xffff_f780_0000_0000L;
    static final long KUSER_SHARED_DATA_X86 = 0xffdf_0000L;
    private static final String KUSD = "_KUSER_SHARED_DATA";
    /** Build numbers memvfs can reason about: Windows 7 RTM is 7600. */
    private static final int LOWEST_BUILD = 7600;
    private static final int WIN7_MAJOR = 6;
    private static final int WIN7_MINOR = 1;
    private static final int WIN7_SP1_BUILD = 7601;

    /** A build number and how it was found. */
    record Build(int number, String how) {
    }

    private BuildProbe() {
    }

    /**
     * The profile the kernel's GUID+age lists (when it is of this bitness), then the built-in profiles
     * of the bitness newest build first, each parsed only when the loop gets to it.
     */
    private static Iterable<WindowsProfile> layouts(boolean x64, Optional<WindowsProfile> listed) {
        return () -> Stream.concat(listed.filter(p -> p.is64Bit() == x64).stream(),
                Profiles.listings().stream().filter(l -> l.is64Bit() == x64)
                        .sorted(Comparator.comparingInt(Profiles.Listing::buildNumber).reversed())
                        .map(Profiles.Listing::load)).iterator();
    }

    /** @param listed the built-in profile the kernel's GUID+age lists, if any */
    static Optional<Build> probe(MemoryReader reader, KernelImage kernel, Optional<WindowsProfile> listed, Steps steps) {
        boolean x64 = reader.pointerSize() == Long.BYTES;
        Va kusd = new Va(x64 ? KUSER_SHARED_DATA_X64 : KUSER_SHARED_DATA_X86);
        // the first profile that has the field says where it is (every Windows 10+ build keeps it at
        // the same place), so only that one profile is parsed
        Set<Integer> offsets = new LinkedHashSet<>();
        for (WindowsProfile p : layouts(x64, listed)) {
            if (p.has(KUSD, "NtBuildNumber")) {
                offsets.add(p.offset(KUSD, "NtBuildNumber"));
                break;
            }
        }
        for (int offset : offsets) {
            Optional<Integer> build = plausible(read(reader, kusd.plus(offset)));
            if (build.isPresent()) {
                return found(steps, build.get(), "KUSER_SHARED_DATA.NtBuildNumber at " + kusd.plus(offset));
            }
        }
        Optional<Va> export = kernel.export("NtBuildNumber");
        if (export.isPresent()) {
            Optional<Integer> build = plausible(read(reader, export.get()));
            if (build.isPresent()) {
                return found(steps, build.get(), "ntoskrnl's exported NtBuildNumber at " + export.get());
            }
        }
        for (WindowsProfile p : layouts(x64, listed)) {
            if (p.has(KUSD, "NtMajorVersion") && p.has(KUSD, "NtMinorVersion")) {
                long major = read(reader, kusd.plus(p.offset(KUSD, "NtMajorVersion")));
                long minor = read(reader, kusd.plus(p.offset(KUSD, "NtMinorVersion")));
                if (major == WIN7_MAJOR && minor == WIN7_MINOR) {
                    return found(steps, WIN7_SP1_BUILD, "KUSER_SHARED_DATA has no NtBuildNumber but NtMajorVersion."
                            + "NtMinorVersion 6.1: Windows 7, taken as SP1 (7601), the only 6.1 build with a profile");
                }
                break;
            }
        }
        steps.add("build number unknown: no plausible NtBuildNumber in KUSER_SHARED_DATA (" + kusd
                + ") nor exported, and KUSER_SHARED_DATA's version is not 6.1");
        return Optional.empty();
    }

    private static Optional<Build> found(Steps steps, int number, String how) {
        steps.add("build " + number + " from " + how);
        return Optional.of(new Build(number, how));
    }

    /** The u32 at {@code va}, or -1 when it cannot be read. */
    private static long read(MemoryReader reader, Va va) {
        try {
            return reader.u32(va, "build number at " + va);
        } catch (MemoryException e) {
            return -1;
        }
    }

    /**
     * A build number: the low 16 bits, with nothing above them but the 0xF (free build) or 0xC
     * (checked build) nibble the exported variable carries.
     */
    static Optional<Integer> plausible(long value) {
        if (value < 0) {
            return Optional.empty();
        }
        long flags = value >>> 28;
        int build = (int) (value & 0xffff);
        boolean clean = (value & 0x0fff_0000L) == 0 && (flags == 0 || flags == 0xf || flags == 0xc);
        return clean && build >= LOWEST_BUILD ? Optional.of(build) : Optional.empty();
    }
}
