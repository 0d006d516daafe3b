package org.memvfs.linux.object;

import java.util.List;

/**
 * What a bounded walk of a kernel list or tree found: the items in walk order and, when it could
 * not go everywhere, one line per problem naming what failed (a node that does not read, a loop,
 * the limit reached). A walk with problems is a partial result, never an exception.
 */
public record WalkResult<T>(List<T> items, List<String> problems) {

    public WalkResult {
        items = List.copyOf(items);
        problems = List.copyOf(problems);
    }

    /** A walk that could not start at all. */
    public static <T> WalkResult<T> failed(String problem) {
        return new WalkResult<>(List.of(), List.of(problem));
    }

    public boolean isComplete() {
        return problems.isEmpty();
    }
}
