package org.memvfs.win.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The structure profiles memvfs carries: one per Windows kernel build below, taken from public
 * symbol-derived data (see the README beside the data) and loaded once, on first use.
 *
 * <table>
 *   <caption>Built-in profiles</caption>
 *   <tr><th>id</th><th>covers</th></tr>
 *   <tr><td>win7-7601-x64, win7-7601-x86-pae</td><td>Windows 7 SP1 / Server 2008 R2</td></tr>
 *   <tr><td>win10-17763-x64, -x86</td><td>Windows 10 1809 / Server 2019</td></tr>
 *   <tr><td>win10-18362-x64, -x86</td><td>Windows 10 1903 and 1909 (18363)</td></tr>
 *   <tr><td>win10-19041-x64, -x86</td><td>Windows 10 2004 to 22H2 (19041 to 19045)</td></tr>
 *   <tr><td>win11-22000-x64</td><td>Windows 11 21H2</td></tr>
 *   <tr><td>win11-22621-x64</td><td>Windows 11 22H2 and 23H2 (22631)</td></tr>
 *   <tr><td>win11-26100-x64</td><td>Windows 11 24H2 / Server 2025</td></tr>
 * </table>
 *
 * <p>The x86 profiles are PAE kernels (ntkrpamp); there is none for a non-PAE x86 kernel.
 */
public final class Profiles {
    private static final int BUILD_NUMBER_MASK = 0xFFFF;

    private Profiles() {
    }

    /** All built-in profiles, x64 first, oldest build first (parsing every one not parsed yet). */
    public static List<WindowsProfile> builtIn() {
        return BuiltInProfiles.all();
    }

    /**
     * A built-in profile as the index describes it, before it is parsed: enough to choose one.
     *
     * @param id          the profile's id
     * @param buildNumber the kernel build it describes
     * @param is64Bit     x64 rather than x86
     */
    public record Listing(String id, int buildNumber, boolean is64Bit) {
        /** The profile itself, parsed on first use. */
        public WindowsProfile load() {
            return byId(id);
        }
    }

    /** Every built-in profile as the index lists it, in {@link #builtIn()} order; nothing is parsed. */
    public static List<Listing> listings() {
        return BuiltInProfiles.index().stream().map(e -> new Listing(e.id(), e.build(), e.is64Bit())).toList();
    }

    /**
     * The built-in profile {@code id}, e.g. {@code win10-19041-x64}.
     *
     * @throws ProfileException naming the known ids when there is none
     */
    public static WindowsProfile byId(String id) {
        for (ProfileIndex entry : BuiltInProfiles.index()) {
            if (entry.id().equals(id)) {
                return BuiltInProfiles.load(entry);
            }
        }
        throw new ProfileException("no built-in profile '" + id + "'; there are " + String.join(", ", BuiltInProfiles.ids()), null);
    }

    /**
     * The built-in profile for the kernel whose PDB is {@code guidAge} (either spelling of
     * {@link GuidAge#parse}, any case), matched against every profile's
     * {@link WindowsProfile#knownGuidAges()}. When it matches a sibling kernel rather than the one
     * the profile was generated from, the profile returned has the same layout but no symbol RVAs,
     * because RVAs differ between revisions.
     *
     * @throws ProfileException when {@code guidAge} is not a GUID and age at all
     */
    public static Optional<WindowsProfile> byGuidAge(String guidAge) {
        GuidAge wanted = GuidAge.parse(guidAge);
        String canonical = wanted.toString();
        for (ProfileIndex entry : BuiltInProfiles.index()) {
            if (canonical.equals(entry.guidAge())) {
                return Optional.of(BuiltInProfiles.load(entry));
            }
        }
        for (ProfileIndex entry : BuiltInProfiles.index()) {
            if (entry.fits(canonical)) {
                return Optional.of(BuiltInProfiles.load(entry).forSiblingKernel(wanted));
            }
        }
        return Optional.empty();
    }

    /**
     * The built-in profile for a kernel of build {@code buildNumber} (the low 16 bits are used, so
     * a raw {@code NtBuildNumber} with its 0xF0000000 flags works) and bitness. Builds that run an
     * earlier build's kernel map to it, see {@link #kernelBuild(int)}. Empty when no built-in
     * profile covers the build (e.g. 7600, 10240, 26200, or any x86 build from 22000 on). On Win7 SP1
     * the layout also varies between patch levels; prefer {@link #byGuidAge} when the GUID is known.
     */
    public static Optional<WindowsProfile> byBuildNumber(int buildNumber, boolean is64Bit) {
        int kernel = kernelBuild(buildNumber & BUILD_NUMBER_MASK);
        for (ProfileIndex entry : BuiltInProfiles.index()) {
            if (entry.build() == kernel && entry.is64Bit() == is64Bit) {
                return Optional.of(BuiltInProfiles.load(entry));
            }
        }
        return Optional.empty();
    }

    /**
     * The build whose kernel (and so layout) {@code buildNumber} runs: 18363 (1909) → 18362;
     * 19042, 19043, 19044, 19045 (20H2 to 22H2) → 19041; 22631 (23H2) → 22621. Every other
     * number maps to itself.
     */
    public static int kernelBuild(int buildNumber) {
        switch (buildNumber) {
            case 18363:
                return 18362;
            case 19042:
            case 19043:
            case 19044:
            case 19045:
                return 19041;
            case 22631:
                return 22621;
            default:
                return buildNumber;
        }
    }
}
