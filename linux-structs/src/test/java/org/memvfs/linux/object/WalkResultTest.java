package org.memvfs.linux.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalkResultTest {

    @Test
    void aFailedWalkHasOnlyItsProblemAndResultsAreCopies() {
        WalkResult<String> failed = WalkResult.failed("no head");
        assertThat(failed.items()).isEmpty();
        assertThat(failed.isComplete()).isFalse();
        List<String> items = new ArrayList<>(List.of("a"));
        WalkResult<String> walk = new WalkResult<>(items, List.of());
        items.add("b");
        assertThat(walk.items()).containsExactly("a");
        assertThat(walk.isComplete()).isTrue();
    }
}
