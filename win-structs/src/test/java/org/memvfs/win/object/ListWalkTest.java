package org.memvfs.win.object;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;
import org.memvfs.win.testing.ToyMemory;
import org.memvfs.win.testing.ToyTables;

/** Bounded LIST_ENTRY walks over hand-made lists in one kernel page (x64: Flink at 0, Blink at 8). */
class ListWalkTest {
    private static final WindowsProfile PROFILE = Profiles.byId("win10-19041-x64");
    private static final long PAGE_VA = 0xffff_f800_0000_0000L;
    private static final long PAGE_PA = 0x80000;
    private static final long HEAD = PAGE_VA;
    private static final long A = PAGE_VA + 0x100;
    private static final long B = PAGE_VA + 0x200;
    private static final long C = PAGE_VA + 0x300;

    private final ToyMemory memory = new ToyMemory(1 << 20);
    private final MemoryReader reader = new MemoryReader(new ToyTables(memory, 0x1000).map(PAGE_VA, PAGE_PA).space(), 8);

    private void link(long entry, long flink, long blink) {
        memory.put64(PAGE_PA + (entry - PAGE_VA), flink).put64(PAGE_PA + (entry - PAGE_VA) + 8, blink);
    }

    private WalkResult<Va> walk(int max) {
        return ListWalk.entries(PROFILE, reader, new Va(HEAD), max, "test list");
    }

    @Test
    void aWellFormedRingIsWalkedInFlinkOrderWithoutTheHead() {
        link(HEAD, A, C);
        link(A, B, HEAD);
        link(B, C, A);
        link(C, HEAD, B);
        WalkResult<Va> result = walk(100);
        assertThat(result.items()).containsExactly(new Va(A), new Va(B), new Va(C));
        assertThat(result.isComplete()).isTrue();
    }

    @Test
    void anEmptyListHasNoEntries() {
        link(HEAD, HEAD, HEAD);
        assertThat(walk(100)).isEqualTo(new WalkResult<Va>(java.util.List.of(), java.util.List.of()));
    }

    @Test
    void aCycleThatMissesTheHeadEndsTheWalk() {
        link(HEAD, A, C);
        link(A, B, HEAD);
        link(B, C, A);
        link(C, B, B);
        WalkResult<Va> result = walk(100);
        assertThat(result.items()).containsExactly(new Va(A), new Va(B), new Va(C));
        assertThat(result.problems()).singleElement().asString().contains("cycle").contains("fffff80000000200");
    }

    @Test
    void aBlinkThatDoesNotPointBackIsReportedAndTheWalkGoesOn() {
        link(HEAD, A, B);
        link(A, B, HEAD);
        link(B, HEAD, C);
        WalkResult<Va> result = walk(100);
        assertThat(result.items()).containsExactly(new Va(A), new Va(B));
        assertThat(result.problems()).singleElement().asString()
                .isEqualTo("test list: the Blink of fffff80000000200 is fffff80000000300, not the entry before it (fffff80000000100)");
    }

    @Test
    void aFlinkBentBackToTheHeadEarlyIsToldByTheHeadsBlink() {
        // A's Flink was corrupted to the head: the list looks closed after A, but the head still names C as the last
        link(HEAD, A, C);
        link(A, HEAD, HEAD);
        link(B, C, A);
        link(C, HEAD, B);
        WalkResult<Va> result = walk(100);
        assertThat(result.items()).containsExactly(new Va(A));
        assertThat(result.problems()).singleElement().asString().isEqualTo("test list: the Flink of fffff80000000100 leads "
                + "back to the head after 1 entries, but the head's Blink is fffff80000000300: the entries from there on are missing");
    }

    @Test
    void aNullFlinkEndsTheWalk() {
        link(HEAD, A, A);
        link(A, 0, HEAD);
        WalkResult<Va> result = walk(100);
        assertThat(result.items()).containsExactly(new Va(A));
        assertThat(result.problems()).singleElement().asString().contains("null");
    }

    @Test
    void aFlinkIntoUnmappedMemoryEndsTheWalkSayingWhy() {
        link(HEAD, A, A);
        link(A, 0xffff_f800_0001_0000L, HEAD);
        WalkResult<Va> result = walk(100);
        assertThat(result.items()).containsExactly(new Va(A));
        assertThat(result.problems()).singleElement().asString()
                .contains("fffff80000010000").contains("not present").contains("stopped after 1 entries");
    }

    @Test
    void theMaximumStopsALongList() {
        link(HEAD, A, C);
        link(A, B, HEAD);
        link(B, C, A);
        link(C, HEAD, B);
        WalkResult<Va> result = walk(2);
        assertThat(result.items()).containsExactly(new Va(A), new Va(B));
        assertThat(result.problems()).singleElement().asString().contains("more than 2 entries");
    }

    @Test
    void anUnreadableHeadIsAFailedWalk() {
        WalkResult<Va> result = ListWalk.entries(PROFILE, reader, new Va(0xffff_f900_0000_0000L), 10, "test list");
        assertThat(result.items()).isEmpty();
        assertThat(result.problems()).singleElement().asString().startsWith("test list head at fffff90000000000");
    }
}
