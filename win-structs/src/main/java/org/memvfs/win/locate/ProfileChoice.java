package org.memvfs.win.locate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.memvfs.mmu.PagingMode;
import org.memvfs.win.profile.GuidAge;
import org.memvfs.win.profile.IsfProfile;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.SymbolDirectory;
import org.memvfs.win.profile.WindowsProfile;

/**
 * The profiles to try for a kernel, best first, each with why:
 * <ol>
 *   <li>{@code --symbols FILE}: that Volatility ISF, and nothing else;</li>
 *   <li>{@code --symbols DIR}: the ISF named by the kernel's GUID+age in that directory, if any;</li>
 *   <li>a profile named by its id: that one, and nothing else;</li>
 *   <li>the built-in profile listing the kernel's GUID+age;</li>
 *   <li>the built-in profile for the build number;</li>
 *   <li>every other built-in profile of the bitness, nearest build first (Windows 7 first when the
 *       build is unknown: later kernels state it in KUSER_SHARED_DATA).</li>
 * </ol>
 * A forced choice (1 to 3) must fit the image or discovery fails; the others are tried in order.
 *
 * Fallbacks are parsed only when the choices before them did not fit.
 *
 * @param id     the profile's id
 * @param loader gives the profile (parsing a built-in one on first use)
 * @param forced whether the user named this profile, so that no other may be tried
 */
record ProfileChoice(String id, Supplier<WindowsProfile> loader, boolean forced, String why) {

    static ProfileChoice of(WindowsProfile profile, boolean forced, String why) {
        return new ProfileChoice(profile.id(), () -> profile, forced, why);
    }

    WindowsProfile profile() {
        return loader.get();
    }

    /** @param listed the built-in profile that lists {@code guid}, if any ({@link Profiles#byGuidAge}) */
    static List<ProfileChoice> candidates(Path symbols, String profileId, Optional<GuidAge> guid,
            Optional<WindowsProfile> listed, Optional<BuildProbe.Build> build, PagingMode mode, Steps steps) {
        List<ProfileChoice> choices = new ArrayList<>();
        if (symbols != null) {
            if (Files.isDirectory(symbols)) {
                Optional<Path> file = guid.flatMap(g -> SymbolDirectory.find(symbols, g));
                if (file.isPresent()) {
                    return List.of(ProfileChoice.of(IsfProfile.load(file.get()), true, "symbol file " + file.get()
                            + ", found in " + symbols + " by the kernel's GUID+age " + guid.get()));
                }
                steps.add(guid.map(g -> "no symbol file for " + g.fileStem() + " in " + symbols)
                        .orElse("the kernel has no CodeView GUID, so " + symbols + " cannot be searched")
                        + "; trying the built-in profiles");
            } else {
                return List.of(ProfileChoice.of(IsfProfile.load(symbols), true, "symbol file " + symbols + " as given"));
            }
        }
        if (profileId != null) {
            return List.of(ProfileChoice.of(Profiles.byId(profileId), true, "profile " + profileId + " as given"));
        }
        boolean x64 = mode == PagingMode.X64_4LEVEL || mode == PagingMode.X64_5LEVEL;
        if (mode == PagingMode.X86_32) {
            steps.add("no built-in profile describes a non-PAE x86 kernel; give one with --symbols");
            return choices;
        }
        listed.ifPresent(p -> choices.add(ProfileChoice.of(p, false,
                "built-in profile " + p.id() + " lists the kernel's GUID+age " + guid.get()
                        + (p.symbolNames().isEmpty() ? " (a sibling kernel: same layout, no symbol RVAs)" : ""))));
        build.flatMap(b -> Profiles.byBuildNumber(b.number(), x64)).ifPresent(p -> add(choices, p,
                "built-in profile " + p.id() + " covers build " + build.get().number() + " (" + build.get().how() + ")"));
        int target = build.map(BuildProbe.Build::number).orElse(0);
        Profiles.listings().stream()
                .filter(l -> l.is64Bit() == x64)
                .sorted(Comparator.comparingInt(l -> Math.abs(l.buildNumber() - target)))
                .forEach(l -> add(choices, new ProfileChoice(l.id(), l::load, false, "built-in profile " + l.id()
                        + ", tried as every " + (x64 ? "x64" : "x86 PAE") + " profile is"
                        + (target == 0 ? " (build unknown)" : ""))));
        return choices;
    }

    private static void add(List<ProfileChoice> choices, WindowsProfile profile, String why) {
        add(choices, ProfileChoice.of(profile, false, why));
    }

    private static void add(List<ProfileChoice> choices, ProfileChoice choice) {
        if (choices.stream().noneMatch(c -> c.id().equals(choice.id()))) {
            choices.add(choice);
        }
    }
}
