package org.memvfs.win.locate;

import java.util.ArrayList;
import java.util.List;

/** The record of what discovery did and why, one line per step, for {@code memvfs info}. */
final class Steps {
    private final List<String> lines = new ArrayList<>();

    void add(String line) {
        lines.add(line);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    int size() {
        return lines.size();
    }

    /** The lines added since {@code mark} (a {@link #size()} taken earlier). */
    List<String> since(int mark) {
        return List.copyOf(lines.subList(mark, lines.size()));
    }
}
