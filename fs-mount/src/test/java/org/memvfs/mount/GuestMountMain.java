package org.memvfs.mount;

import java.nio.file.Path;
import org.memvfs.mmu.guest.GuestConfig;
import org.memvfs.mmu.guest.QemuGuests;
import org.memvfs.vfs.GuestKernel;
import org.memvfs.vfs.Vfs;

/**
 * A separate JVM that mounts a guest's tree and stays until signalled: for tests that kill the
 * mounting process. Prints {@code mounted} once the mount is up.
 */
public final class GuestMountMain {
    private GuestMountMain() {
    }

    public static void main(String[] args) throws Exception {
        Vfs vfs = new Vfs(new GuestKernel(QemuGuests.capture(GuestConfig.A)));
        FuseMount mount = FuseMount.mount(vfs, Path.of(args[0]), FuseMount.Options.DEFAULT);
        System.out.println("mounted");
        System.out.flush();
        mount.awaitUnmounted();
    }
}
