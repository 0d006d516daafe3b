package org.memvfs.win.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in profiles listed in {@code index.txt}, each parsed on first use only: choosing a
 * profile reads the index, so opening an image parses one profile rather than all of them. Not
 * in a static initialiser: a failure there would turn every later call into a bare
 * NoClassDefFoundError, while here it is reported (and retried) on each call with the file and
 * path that were wrong.
 */
final class BuiltInProfiles {
    static final String INDEX = "index.txt";

    private static volatile List<ProfileIndex> index;
    private static volatile List<WindowsProfile> all;
    private static final Map<String, WindowsProfile> LOADED = new ConcurrentHashMap<>();

    private BuiltInProfiles() {
    }

    /** The index, read once. */
    static List<ProfileIndex> index() {
        List<ProfileIndex> entries = index;
        if (entries == null) {
            entries = List.copyOf(ProfileIndex.parse(ProfileResources.text(INDEX), INDEX));
            index = entries;
        }
        return entries;
    }

    /** The profile ids the index lists, in order. */
    static List<String> ids() {
        return index().stream().map(ProfileIndex::id).toList();
    }

    /** The profile of one index entry, parsed on its first use. */
    static WindowsProfile load(ProfileIndex entry) {
        return LOADED.computeIfAbsent(entry.id(), id -> OffsetsJsonReader.read(ProfileResources.json(id + ".json"), id));
    }

    /** Every built-in profile, in index order: the same list on every call. */
    static List<WindowsProfile> all() {
        List<WindowsProfile> profiles = all;
        if (profiles == null) {
            List<WindowsProfile> loaded = new ArrayList<>();
            for (ProfileIndex entry : index()) {
                loaded.add(load(entry));
            }
            profiles = List.copyOf(loaded);
            all = profiles;
        }
        return profiles;
    }
}
