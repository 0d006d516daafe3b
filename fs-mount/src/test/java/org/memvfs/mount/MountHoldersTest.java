package org.memvfs.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the processes that keep a directory tree busy, as the busy-unmount message names them. */
class MountHoldersTest {
    @TempDir
    Path dir;

    @Test
    void aProcessWithAFileOpenOrItsWorkingDirectoryInsideHoldsIt() throws Exception {
        Path held = Files.createDirectory(dir.resolve("held"));
        Files.writeString(held.resolve("file"), "x");
        Path other = Files.createDirectory(dir.resolve("other"));
        Process opener = new ProcessBuilder("sh", "-c", "exec 3< '" + held.resolve("file") + "'; exec sleep 30")
                .directory(dir.toFile()).start();
        Process inside = new ProcessBuilder("sleep", "30").directory(held.toFile()).start();
        try {
            Thread.sleep(300);
            assertThat(MountHolders.of(held)).extracting(MountHolders.Holder::pid)
                    .contains(opener.pid(), inside.pid());
            assertThat(MountHolders.of(held)).filteredOn(h -> h.pid() == inside.pid()).singleElement()
                    .hasToString("sleep (pid " + inside.pid() + ")");
            assertThat(MountHolders.describe(held)).contains("sleep (pid " + inside.pid() + ")");
            assertThat(MountHolders.of(other)).isEmpty();
            assertThat(MountHolders.describe(other)).isEqualTo("a process this user cannot see");
        } finally {
            opener.destroy();
            inside.destroy();
            opener.waitFor(10, TimeUnit.SECONDS);
            inside.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
