package org.memvfs.win;

import java.nio.file.Path;
import org.memvfs.win.locate.KernelHints;
import org.memvfs.win.object.WalkLimits;

/**
 * How to open the Windows kernel of an image.
 *
 * @param hints     what is known already (DTB, list heads, KDBG …); {@link KernelHints#NONE} to find everything
 * @param symbols   {@code --symbols}: a Volatility ISF file to use, or a directory of them to search
 *                  by the kernel's GUID+age; null to use the built-in profiles
 * @param profileId a built-in profile to use instead of choosing one ({@code win10-19041-x64} …), or null
 * @param limits    how far walks over kernel lists and trees may go
 */
public record KernelOptions(KernelHints hints, Path symbols, String profileId, WalkLimits limits) {
    public static final KernelOptions DEFAULT = new KernelOptions(KernelHints.NONE, null, null, WalkLimits.DEFAULT);

    public KernelOptions {
        if (hints == null) {
            hints = KernelHints.NONE;
        }
        if (limits == null) {
            limits = WalkLimits.DEFAULT;
        }
    }

    public KernelOptions withHints(KernelHints newHints) {
        return new KernelOptions(newHints, symbols, profileId, limits);
    }

    public KernelOptions withSymbols(Path fileOrDirectory) {
        return new KernelOptions(hints, fileOrDirectory, profileId, limits);
    }

    public KernelOptions withProfile(String id) {
        return new KernelOptions(hints, symbols, id, limits);
    }

    public KernelOptions withLimits(WalkLimits newLimits) {
        return new KernelOptions(hints, symbols, profileId, newLimits);
    }
}
