package org.memvfs.win.object;

import java.util.Optional;
import org.memvfs.mmu.Va;
import org.memvfs.win.profile.WindowsProfile;

/**
 * A virtual address descriptor: one reserved region of a process, a thin view of its
 * {@code _MMVAD_SHORT} (and, for mapped files, of the {@code _MMVAD} it begins). Flag bits come
 * from the profile: their positions differ between nearly every build.
 */
public final class WinVad {
    private static final int PAGE_SHIFT = 12;

    private final WindowsProfile profile;
    private final StructView node;

    WinVad(StructView node) {
        this.profile = node.profile();
        this.node = node;
    }

    /** Where the VAD node is. */
    public Va address() {
        return node.address();
    }

    /** The first byte of the region: {@code StartingVpn} (with {@code StartingVpnHigh} where the build has it) as an address. */
    public Va start() {
        return new Va(startingVpn() << PAGE_SHIFT);
    }

    /** The last byte of the region (inclusive): the end of the page {@code EndingVpn} names. */
    public Va end() {
        return new Va(((endingVpn() + 1) << PAGE_SHIFT) - 1);
    }

    /** The region's size in bytes. */
    public long size() {
        return end().value() - start().value() + 1;
    }

    private long startingVpn() {
        return isWin7Layout() ? vpnWin7("StartingVpn") : vpnWin8("StartingVpn", "StartingVpnHigh");
    }

    private long endingVpn() {
        return isWin7Layout() ? vpnWin7("EndingVpn") : vpnWin8("EndingVpn", "EndingVpnHigh");
    }

    /** Windows 7: {@code _MMVAD_SHORT.StartingVpn}/{@code EndingVpn} are pointer-sized page numbers. */
    private long vpnWin7(String field) {
        return node.pointerSized(field);
    }

    /** Windows 8.1 and later: a 32-bit page number, plus a high byte on x64 ({@code StartingVpnHigh}). */
    private long vpnWin8(String field, String high) {
        long low = node.u32(field);
        return node.has(high) ? low | (node.u8(high) << Integer.SIZE) : low;
    }

    private boolean isWin7Layout() {
        return node.has("LeftChild");
    }

    /** Corresponds to {@code _MMVAD_SHORT.u.VadFlags.VadType} (0 none, 2 image map, …). */
    public int vadType() {
        return (int) node.bits("u.VadFlags.VadType");
    }

    /** Corresponds to {@code _MMVAD_SHORT.u.VadFlags.Protection}: the MM_ protection index 0 to 31. */
    public int protection() {
        return (int) node.bits("u.VadFlags.Protection");
    }

    /** Corresponds to {@code _MMVAD_SHORT.u.VadFlags.PrivateMemory}. */
    public boolean isPrivate() {
        return node.bits("u.VadFlags.PrivateMemory") != 0;
    }

    /**
     * Whether the region was committed when reserved: {@code MemCommit}, wherever the build keeps
     * it: {@code u.VadFlags} on Windows 7, {@code u1.VadFlags1} from Windows 8.1 to 23H2, and the
     * private-VAD view {@code u.PrivateVadFlags} on 24H2 (shared VADs have no such bit there).
     */
    public boolean isCommitted() {
        if (node.has("u.VadFlags.MemCommit")) {
            return node.bits("u.VadFlags.MemCommit") != 0;
        }
        if (node.has("u1.VadFlags1.MemCommit")) {
            return node.bits("u1.VadFlags1.MemCommit") != 0;
        }
        return isPrivate() && node.bits("u.PrivateVadFlags.MemCommit") != 0;
    }

    /**
     * The name of the file the region maps, for VADs that are not private memory: corresponds to
     * {@code _MMVAD.Subsection->ControlArea->FilePointer->FileName}, the file pointer being an
     * {@code _EX_FAST_REF} whose reference-count bits are cleared. Empty for private memory and for
     * sections with no file (paging-file backed).
     */
    public Optional<String> fileName() {
        if (isPrivate()) {
            return Optional.empty();
        }
        StructView vad = node.at("_MMVAD", node.address(), node.what());
        StructView subsection = vad.follow("Subsection", "_SUBSECTION", node.what() + " subsection");
        if (subsection == null) {
            return Optional.empty();
        }
        StructView controlArea = subsection.follow("ControlArea", "_CONTROL_AREA", node.what() + " control area");
        if (controlArea == null) {
            return Optional.empty();
        }
        long fastRef = controlArea.pointerSized("FilePointer");
        Va file = new Va(fastRef & ~profile.bitField("_EX_FAST_REF", "RefCnt").mask());
        if (file.value() == 0) {
            return Optional.empty();
        }
        return Optional.of(controlArea.at("_FILE_OBJECT", file, node.what() + " file object").unicodeString("FileName"));
    }

    @Override
    public String toString() {
        return "VAD at " + address();
    }
}
