package org.memvfs.linux.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.linux.LinuxGuests;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.linux.LinuxKernel;
import org.memvfs.mmu.MemoryException;

class MappedFileTest {
    /** Physical addresses of the hand-built dentries, mounts and file. */
    private static final long ROOT = 0x30000;
    private static final long MNT_DIR = 0x30100;
    private static final long DATA_ROOT = 0x30200;
    private static final long LIB = 0x30300;
    private static final long SO = 0x30400;
    private static final long ROOT_MOUNT = 0x31000;
    private static final long DATA_MOUNT = 0x31100;
    private static final long FILE = 0x32000;

    static List<Image> images() {
        return LinuxGuests.images();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theGuestsExecutablesAreFoundByPathInodeAndDevice(Image image) {
        LinuxKernel kernel = LinuxGuests.kernel(image);
        MappedFile workload = kernel.process(image.capture().workloads().get(0).pid()).orElseThrow().mm().orElseThrow()
                .vmas().items().get(0).file().orElseThrow();
        assertThat(workload.path()).isEqualTo("/bin/workload");
        assertThat(workload.inode()).isEqualTo(211);
        assertThat(MappedFile.major(workload.device())).isZero();
        assertThat(MappedFile.minor(workload.device())).isEqualTo(2);
        MappedFile busybox = kernel.process(1).orElseThrow().mm().orElseThrow().vmas().items().get(0).file().orElseThrow();
        assertThat(busybox.path()).isEqualTo("/bin/busybox");
        assertThat(busybox.inode()).isEqualTo(138);
    }

    /** {@code /mnt/data} is a mount of its own holding {@code lib/x.so}. */
    private static OldKernel twoMounts(boolean hashed) {
        OldKernel old = new OldKernel();
        old.dentry(ROOT, ROOT, 0x33000, "/", true);
        old.dentry(MNT_DIR, ROOT, 0x33010, "mnt", true);
        old.dentry(0x30180, MNT_DIR, 0x33020, "data", true);
        old.dentry(DATA_ROOT, DATA_ROOT, 0x33030, "/", true);
        old.dentry(LIB, DATA_ROOT, 0x33040, "lib", true);
        old.dentry(SO, LIB, 0x33050, "x.so", hashed);
        old.mount(ROOT_MOUNT, ROOT, ROOT_MOUNT, ROOT);
        old.mount(DATA_MOUNT, DATA_ROOT, ROOT_MOUNT, 0x30180);
        old.file(FILE, DATA_MOUNT, SO, 0x34000, 4242, 0x35000, (8 << 20) | 3);
        return old;
    }

    @Test
    void aPathCrossesMountPointsUpToTheRootMount() {
        MappedFile file = new MappedFile(twoMounts(true).objects, OldKernel.va(FILE));
        assertThat(file.path()).isEqualTo("/mnt/data/lib/x.so");
        assertThat(file.inode()).isEqualTo(4242);
        assertThat(MappedFile.major(file.device())).isEqualTo(8);
        assertThat(MappedFile.minor(file.device())).isEqualTo(3);
    }

    @Test
    void aDeletedFileSaysSo() {
        assertThat(new MappedFile(twoMounts(false).objects, OldKernel.va(FILE)).path()).isEqualTo("/mnt/data/lib/x.so (deleted)");
    }

    @Test
    void aDentryChainThatNeverEndsIsCutAndMarked() {
        OldKernel old = twoMounts(true);
        old.dentry(LIB, SO, 0x33040, "lib", true); // lib's parent is x.so, whose parent is lib
        assertThat(new MappedFile(old.objects, OldKernel.va(FILE)).path()).isEqualTo(".../lib/x.so");
    }

    @Test
    void aNameLongerThanNameMaxIsAnError() {
        OldKernel old = twoMounts(true);
        old.memory.put32(SO + 0x24, 4000);
        assertThatThrownBy(() -> new MappedFile(old.objects, OldKernel.va(FILE)).path()).isInstanceOf(MemoryException.class)
                .hasMessageContaining("NAME_MAX");
    }
}
