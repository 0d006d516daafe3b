package org.memvfs.win.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * Loads the built-in profiles listed in {@code index.txt}, once, on first use. Not in a static
 * initialiser: a failure there would turn every later call into a bare NoClassDefFoundError, while
 * here it is reported (and retried) on each call with the file and path that were wrong.
 */
final class BuiltInProfiles {
    static final String INDEX = "index.txt";
    private static final int MAX_PROFILES = 1000;

    private static volatile List<WindowsProfile> all;

    private BuiltInProfiles() {
    }

    static List<WindowsProfile> all() {
        List<WindowsProfile> loaded = all;
        if (loaded == null) {
            synchronized (BuiltInProfiles.class) {
                loaded = all;
                if (loaded == null) {
                    loaded = load();
                    all = loaded;
                }
            }
        }
        return loaded;
    }

    /** The profile ids {@code index.txt} lists, in order. */
    static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (String line : ProfileResources.text(INDEX).split("\n")) {
            String id = line.strip();
            if (!id.isEmpty() && !id.startsWith("#")) {
                if (ids.size() >= MAX_PROFILES) {
                    throw new ProfileException(INDEX + " lists more than " + MAX_PROFILES + " profiles", null);
                }
                ids.add(id);
            }
        }
        return ids;
    }

    private static List<WindowsProfile> load() {
        List<WindowsProfile> profiles = new ArrayList<>();
        for (String id : ids()) {
            profiles.add(OffsetsJsonReader.read(ProfileResources.json(id + ".json"), id));
        }
        return List.copyOf(profiles);
    }
}
