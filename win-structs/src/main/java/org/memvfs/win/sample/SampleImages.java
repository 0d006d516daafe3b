package org.memvfs.win.sample;

import java.util.List;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Builds Windows sample images: raw physical memory laid out as a real Windows kernel lays it out,
 * from a structure profile, with about thirty processes, their threads, VADs, modules and page
 * tables, for testing the Windows parser and for {@code memvfs demo}. Building is deterministic:
 * the same profile always gives the same bytes.
 */
public final class SampleImages {
    private SampleImages() {
    }

    /** Builds the image of the built-in profile {@code profileId} (see {@link #supportedProfiles()}). */
    public static SampleImage build(String profileId) {
        return build(Profiles.byId(profileId));
    }

    /** Builds the image of {@code profile}. */
    public static SampleImage build(WindowsProfile profile) {
        return SampleImageBuilder.build(profile);
    }

    /** The ids of the built-in profiles the builder supports: all of them. */
    public static List<String> supportedProfiles() {
        return Profiles.listings().stream().map(Profiles.Listing::id).toList();
    }
}
