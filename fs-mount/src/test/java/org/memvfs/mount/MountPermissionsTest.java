package org.memvfs.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.memvfs.win.sample.SampleImages;

/**
 * Who may use a mount: by default only the user who mounted (FUSE refuses everyone else); with
 * {@code --allow-other} everyone may look, and the mode bits decide the rest
 * ({@code default_permissions}): files belong to the user who mounted, so another user reads the
 * 0444 files but cannot write {@code virt.txt} (0644). Run as root, with a user of its own
 * ({@value #OTHER}, created when missing) playing the other user through {@code runuser}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MountPermissionsTest {
    static final String OTHER = "memvfs-test";

    @TempDir
    static Path dir;
    private Path image;
    private KernelLoader.Session session;

    @BeforeAll
    void sampleAndUser() throws Exception {
        assertThat(Tools.run(dir, "id", "-u").out().strip()).as("these tests run as root").isEqualTo("0");
        if (Tools.run(dir, "id", "-u", OTHER).status() != 0) {
            Tools.Result added = Tools.run(dir, "useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", OTHER);
            assertThat(added.status()).as(added.err()).isZero();
        }
        // the other user must be able to reach the mount point, so that FUSE is what refuses them
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        image = dir.resolve("sample.raw");
        SampleImages.build(DemoCommand.DEFAULT_BUILD).writeRaw(image);
        session = KernelLoader.open(KernelLoader.Request.of(image), null);
    }

    @AfterAll
    void close() {
        session.close();
    }

    private Tools.Result asOther(Path directory, String commandLine) {
        return Tools.run(directory, "runuser", "-u", OTHER, "--", "sh", "-c", commandLine);
    }

    private Path mountPoint(String name) throws Exception {
        Path mountPoint = Files.createDirectory(dir.resolve(name));
        Files.setPosixFilePermissions(mountPoint, PosixFilePermissions.fromString("rwxr-xr-x"));
        return mountPoint;
    }

    @Test
    void anotherUserCannotReadTheMountByDefault() throws Exception {
        Path mountPoint = mountPoint("private");
        assertThat(asOther(dir, "ls " + mountPoint).status()).as("the empty directory before mounting").isZero();
        try (FuseMount mount = FuseMount.mount(session.vfs(), mountPoint, FuseMount.Options.DEFAULT)) {
            Tools.Result ls = asOther(dir, "ls " + mountPoint);
            assertThat(ls.status()).isNotZero();
            assertThat(ls.err()).contains("Permission denied");
            Tools.Result cat = asOther(dir, "cat " + mountPoint + "/pid/4/name.txt");
            assertThat(cat.status()).isNotZero();
            assertThat(cat.out()).isEmpty();
            assertThat(Tools.run(mountPoint, "cat", "pid/4/name.txt").out()).as("the user who mounted").isEqualTo("System\n");
        }
    }

    @Test
    void withAllowOtherAnotherUserReadsButTheModeBitsStillKeepVirtTxtTheOwners() throws Exception {
        Path mountPoint = mountPoint("shared");
        try (FuseMount mount = FuseMount.mount(session.vfs(), mountPoint, new FuseMount.Options(true, false))) {
            String virt = "pid/4/virt2phys/virt.txt";
            assertThat(asOther(mountPoint, "ls pid | wc -l").out().strip()).isEqualTo("37");
            assertThat(asOther(mountPoint, "cat pid/4/name.txt").out()).isEqualTo("System\n");
            assertThat(asOther(mountPoint, "head -c 4096 memory.pmem | wc -c").out().strip()).isEqualTo("4096");
            assertThat(asOther(mountPoint, "stat -c '%U %a' " + virt + " pid/4/name.txt pid/4/memory.vmem").out())
                    .isEqualTo("root 644\nroot 444\nroot 444\n");
            String before = Tools.run(mountPoint, "cat", virt).out();

            Tools.Result write = asOther(mountPoint, "echo 0x1000 > " + virt);
            assertThat(write.status()).isNotZero();
            assertThat(write.err()).contains("Permission denied");
            assertThat(Tools.run(mountPoint, "cat", virt).out()).isEqualTo(before);
            Tools.Result memory = asOther(mountPoint, "printf x | dd of=pid/4/memory.vmem conv=notrunc 2>&1");
            assertThat(memory.status()).isNotZero();
            assertThat(memory.out()).contains("Permission denied");

            assertThat(Tools.shell(mountPoint, "echo 0x1000 > " + virt).status()).as("the owner").isZero();
            assertThat(Tools.run(mountPoint, "cat", virt).out()).isEqualTo("0000000000001000\n");
        }
    }
}
