package org.memvfs.win.object;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a bounded walk over kernel lists or trees found, and what it could not read: a corrupt
 * link, a cycle, a limit reached, a paged-out structure. A walk with problems is partial, not
 * failed; its items are the ones read before and around the problems.
 *
 * @param items    what was found, in walk order
 * @param problems one line for people per problem, e.g.
 *                 {@code PEB of pid 1234 at 000000c5e2a3f000: paged out (pagefile 0 offset 0x1a000)}
 */
public record WalkResult<T>(List<T> items, List<String> problems) {

    public WalkResult {
        items = List.copyOf(items);
        problems = List.copyOf(problems);
    }

    /** A walk that found nothing because of {@code problem}. */
    public static <T> WalkResult<T> failed(String problem) {
        return new WalkResult<>(List.of(), List.of(problem));
    }

    public static <T> WalkResult<T> empty() {
        return new WalkResult<>(List.of(), List.of());
    }

    /** Whether the walk read everything it set out to. */
    public boolean isComplete() {
        return problems.isEmpty();
    }

    /** The problems as {@code partial: …} lines, as listings show them. */
    public List<String> describeProblems() {
        List<String> lines = new ArrayList<>(problems.size());
        problems.forEach(p -> lines.add("partial: " + p));
        return lines;
    }

    /** The same walk with every item converted. */
    public <R> WalkResult<R> map(Function<? super T, ? extends R> convert) {
        List<R> converted = new ArrayList<>(items.size());
        items.forEach(item -> converted.add(convert.apply(item)));
        return new WalkResult<>(converted, problems);
    }
}
