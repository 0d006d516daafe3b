package org.memvfs.win.object;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.WindowsProfile;

/**
 * Walks a circular doubly linked {@code _LIST_ENTRY} list from its head along the Flinks, bounded:
 * a visited set ends cycles that do not come back to the head, a maximum ends long lists, and an
 * unreadable or null link ends the walk. Each entry's Blink must point at the entry before it; one
 * that does not is reported and the walk goes on. A walk that returns to the head checks that the
 * head's Blink names the last entry, so that a Flink bent back to the head early does not cut the
 * list short without a word.
 */
public final class ListWalk {
    private static final String LIST_ENTRY = "_LIST_ENTRY";

    private ListWalk() {
    }

    /**
     * The addresses of the list's entries (the {@code _LIST_ENTRY}s inside the objects), head
     * excluded, in Flink order.
     *
     * @param list names the list in problems, e.g. {@code ActiveProcessLinks}
     */
    public static WalkResult<Va> entries(WindowsProfile profile, MemoryReader reader, Va head, int max, String list) {
        List<Va> items = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<Va> visited = new HashSet<>();
        visited.add(head);
        Va previous = head;
        Va next;
        try {
            next = flink(profile, reader, head, list + " head");
        } catch (MemoryException e) {
            return WalkResult.failed(e.what());
        }
        while (!next.equals(head)) {
            if (next.value() == 0) {
                problems.add(list + ": the Flink of " + previous + " is null; stopped after " + items.size() + " entries");
                break;
            }
            if (!visited.add(next)) {
                problems.add(list + ": the Flink of " + previous + " leads back to " + next
                        + ", seen before (a cycle that misses the head); stopped after " + items.size() + " entries");
                break;
            }
            if (items.size() >= max) {
                problems.add(list + ": more than " + max + " entries; stopped there");
                break;
            }
            try {
                Va blink = blink(profile, reader, next, list + " entry");
                if (!blink.equals(previous)) {
                    problems.add(list + ": the Blink of " + next + " is " + blink + ", not the entry before it ("
                            + previous + ")");
                }
                items.add(next);
                previous = next;
                next = flink(profile, reader, next, list + " entry");
            } catch (MemoryException e) {
                problems.add(e.what() + "; stopped after " + items.size() + " entries");
                break;
            }
        }
        if (next.equals(head)) {
            closedAtHead(profile, reader, head, previous, list, items.size(), problems);
        }
        return new WalkResult<>(items, problems);
    }

    /**
     * A walk that came back to the head ends where the head's Blink says the list ends; when it does
     * not, a Flink led to the head early and the entries after it are missing.
     */
    private static void closedAtHead(WindowsProfile profile, MemoryReader reader, Va head, Va last, String list, int count,
            List<String> problems) {
        try {
            Va blink = blink(profile, reader, head, list + " head");
            if (!blink.equals(last)) {
                problems.add(list + ": the Flink of " + last + " leads back to the head after " + count
                        + " entries, but the head's Blink is " + blink + ": the entries from there on are missing");
            }
        } catch (MemoryException e) {
            problems.add(e.what());
        }
    }

    private static Va flink(WindowsProfile profile, MemoryReader reader, Va entry, String what) {
        return reader.pointer(entry.plus(profile.offset(LIST_ENTRY, "Flink")), what + " at " + entry + " (Flink)");
    }

    private static Va blink(WindowsProfile profile, MemoryReader reader, Va entry, String what) {
        return reader.pointer(entry.plus(profile.offset(LIST_ENTRY, "Blink")), what + " at " + entry + " (Blink)");
    }

    /** {@code entry} minus the offset of the links within their struct: the struct's address. */
    static Va containing(Va entry, int linksOffset) {
        return entry.plus(-linksOffset);
    }
}
