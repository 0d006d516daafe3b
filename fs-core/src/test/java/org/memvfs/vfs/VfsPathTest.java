package org.memvfs.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VfsPathTest {
    @Test
    void pathsSplitWithDotsResolvedAndNeverAboveTheRoot() {
        assertThat(VfsPath.split("/pid/4/name.txt")).containsExactly("pid", "4", "name.txt");
        assertThat(VfsPath.split("pid//4/./name.txt")).containsExactly("pid", "4", "name.txt");
        assertThat(VfsPath.split("/pid/4/../8")).containsExactly("pid", "8");
        assertThat(VfsPath.split("/../../sys")).containsExactly("sys");
        assertThat(VfsPath.split("/")).isEmpty();
    }

    @Test
    void absurdlyDeepPathsAreRefused() {
        assertThatThrownBy(() -> VfsPath.split("a/".repeat(100))).isInstanceOf(VfsException.class);
    }
}
