package org.memvfs.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.QemuGuests;
import org.memvfs.vfs.GuestKernel;
import org.memvfs.vfs.Vfs;
import org.memvfs.win.sample.SampleImage;
import org.memvfs.win.sample.SampleImages;

/** Mounting and unmounting as processes come and go: killed, stopped, or pointed at a bad mount point. */
class FuseMountLifecycleTest {
    @TempDir
    Path dir;

    /** Starts a JVM that mounts at {@code mountPoint} and returns once the mount is up. */
    private static Process mountInAnotherJvm(Path mountPoint) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dqemu.guest.out=" + QemuGuests.outputDirectory(), "--enable-native-access=ALL-UNNAMED",
                GuestMountMain.class.getName(), mountPoint.toString())).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.equals("mounted")) {
                return process;
            }
        }
        throw new AssertionError("the mounting JVM ended without mounting:\n" + seen);
    }

    @Test
    void aStaleMountLeftByAKilledJvmIsClearedByTheNextMount() throws Exception {
        Path mountPoint = Files.createDirectory(dir.resolve("killed"));
        Process first = mountInAnotherJvm(mountPoint);
        assertThat(Tools.run(mountPoint, "ls", "pid").status()).isZero();
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(MountTable.at(mountPoint)).isPresent();
        assertThat(Tools.run(dir, "ls", mountPoint.toString()).err()).contains("Transport endpoint is not connected");

        Vfs vfs = new Vfs(new GuestKernel(QemuGuests.capture(GuestConfig.A)));
        try (FuseMount second = FuseMount.mount(vfs, mountPoint, FuseMount.Options.DEFAULT)) {
            assertThat(Tools.run(mountPoint, "cat", "sys/architecture.txt").out()).isEqualTo("x64\n");
        }
        assertThat(MountTable.at(mountPoint)).isEmpty();
    }

    @Test
    void sigtermUnmountsCleanly() throws Exception {
        Path mountPoint = Files.createDirectory(dir.resolve("stopped"));
        Process process = mountInAnotherJvm(mountPoint);
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(MountTable.at(mountPoint)).isEmpty();
        try (var entries = Files.list(mountPoint)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void ctrlCDuringALongGrepWaitsForTheReadersThenUnmountsAndSaysWhoHeldTheMount() throws Exception {
        SampleImage sample = SampleImages.build(DemoCommand.DEFAULT_BUILD);
        Path image = dir.resolve("sample.raw");
        sample.writeRaw(image);
        Path mountPoint = Files.createDirectory(dir.resolve("interrupted"));
        try (MemvfsJvm memvfs = MemvfsJvm.mount("1g", "mount", image.toString(), mountPoint.toString())) {
            // a grep -r over every process's memory (several seconds on a fresh mount), and a reader that
            // holds a file open across the Ctrl-C and reads it afterwards
            String planted = sample.manifest().planted().text();
            Process grep = new ProcessBuilder("sh", "-c", "grep -r -l -F '" + planted + "' pid/*/vmemd")
                    .directory(mountPoint.toFile()).start();
            Process reader = new ProcessBuilder("sh", "-c", "exec 3< pid/4/name.txt; sleep 4; cat <&3")
                    .directory(mountPoint.toFile()).start();
            Thread.sleep(1000);
            memvfs.signal("INT");
            memvfs.awaitOutput("is busy, in use by", Duration.ofSeconds(10));
            assertThat(memvfs.isAlive()).isTrue();
            assertThat(MountTable.at(mountPoint)).isPresent();

            assertThat(reader.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("System\n");
            assertThat(new String(reader.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
            assertThat(reader.exitValue()).isZero();
            assertThat(grep.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(grep.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
            assertThat(new String(grep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines())
                    .singleElement().asString().startsWith("pid/" + sample.manifest().planted().pid() + "/vmemd/");
            assertThat(grep.exitValue()).isZero();

            // 130: ended by SIGINT, as a shell expects of a command stopped with Ctrl-C
            assertThat(memvfs.waitFor(Duration.ofSeconds(30))).as(memvfs.output()).isEqualTo(130);
            assertThat(memvfs.output()).contains("memvfs: unmounted " + mountPoint)
                    .containsPattern("is busy, in use by .*(sh|sleep|grep) \\(pid [0-9]+\\)")
                    .contains("umount -l " + mountPoint);
        }
        assertThat(MountTable.at(mountPoint)).isEmpty();
        try (var entries = Files.list(mountPoint)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void aMountPointThatCannotBeUsedIsNamedWithWhatToDo() throws Exception {
        Vfs vfs = new Vfs(new GuestKernel(QemuGuests.capture(GuestConfig.A)));
        assertThatThrownBy(() -> FuseMount.mount(vfs, dir.resolve("missing"), FuseMount.Options.DEFAULT))
                .isInstanceOf(MountException.class).hasMessageContaining("does not exist").hasMessageContaining("mkdir -p");
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> FuseMount.mount(vfs, file, FuseMount.Options.DEFAULT))
                .isInstanceOf(MountException.class).hasMessageContaining("not a directory");
        Path full = Files.createDirectory(dir.resolve("full"));
        Files.writeString(full.resolve("something"), "x");
        assertThatThrownBy(() -> FuseMount.mount(vfs, full, FuseMount.Options.DEFAULT))
                .isInstanceOf(MountException.class).hasMessageContaining("not empty");
        Path busy = Files.createDirectory(dir.resolve("busy"));
        try (FuseMount running = FuseMount.mount(vfs, busy, FuseMount.Options.DEFAULT)) {
            assertThatThrownBy(() -> FuseMount.mount(vfs, busy, FuseMount.Options.DEFAULT))
                    .isInstanceOf(MountException.class).hasMessageContaining("already has a running memvfs");
        }
    }
}
