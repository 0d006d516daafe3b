package org.memvfs.win.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of the built-in profiles' {@code index.txt}: what selecting a profile needs (its build,
 * bitness and the kernel GUIDs it fits) without parsing the profile itself.
 *
 * @param id        the profile's id and the name of its file without {@code .json}
 * @param build     the kernel build it describes
 * @param is64Bit   x64 rather than x86
 * @param guidAge   the kernel GUID+age the profile was made from, or null
 * @param siblings  GUID+ages of other kernels with the same layout
 */
record ProfileIndex(String id, int build, boolean is64Bit, String guidAge, List<String> siblings) {
    private static final int MAX_LINES = 1000;
    private static final int MIN_FIELDS = 4;

    /** Every entry of {@code text}, in order; comment and blank lines skipped. */
    static List<ProfileIndex> parse(String text, String source) {
        List<ProfileIndex> entries = new ArrayList<>();
        int number = 0;
        for (String raw : text.split("\n")) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (entries.size() >= MAX_LINES) {
                throw new ProfileException(source + " lists more than " + MAX_LINES + " profiles", null);
            }
            String[] f = line.split("\\s+");
            if (f.length < MIN_FIELDS || !(f[2].equals("x64") || f[2].equals("x86"))) {
                throw new ProfileException(source + " line " + number + ": expected 'id build x64|x86 guid+age…', not '"
                        + line + "'", null);
            }
            int build;
            try {
                build = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                throw new ProfileException(source + " line " + number + ": build '" + f[1] + "' is not a number", null);
            }
            entries.add(new ProfileIndex(f[0], build, f[2].equals("x64"), f[3].equals("-") ? null : f[3],
                    List.of(f).subList(MIN_FIELDS, f.length)));
        }
        return entries;
    }

    /** Whether this profile fits the kernel with {@code canonicalGuidAge}, as its own or a sibling's. */
    boolean fits(String canonicalGuidAge) {
        return canonicalGuidAge.equals(guidAge) || siblings.contains(canonicalGuidAge);
    }
}
