package org.memvfs.win.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.Va;
import org.memvfs.win.KernelOptions;
import org.memvfs.win.WindowsKernel;
import org.memvfs.win.profile.WindowsProfile;
import org.memvfs.win.sample.SampleProcess;
import org.memvfs.win.sample.SampleVad;
import org.memvfs.win.testing.Patch;
import org.memvfs.win.testing.Sample;
import org.memvfs.win.testing.Samples;

/**
 * VAD trees an image corrupts, in each tree layout: Windows 7's _MM_AVL_TABLE (x64 and x86) and
 * the _RTL_AVL_TREE of later builds (x64 and x86). Every walk ends, and says why it stopped.
 */
@Timeout(60)
class VadTreeTest {
    private static final int CHAIN = 1000;
    private static final int NODE_STRIDE = 0x40;

    @TempDir
    Path dir;

    private static boolean win7(WindowsProfile profile) {
        return profile.has("_EPROCESS", "VadRoot.BalancedRoot");
    }

    private static String rightChild(WindowsProfile profile) {
        return win7(profile) ? "RightChild" : "VadNode.Right";
    }

    private static String root(WindowsProfile profile) {
        return win7(profile) ? "VadRoot.BalancedRoot.RightChild" : "VadRoot.Root";
    }

    private static void pointer(Patch patch, WindowsProfile profile, Va at, Va value) {
        if (profile.is64Bit()) {
            patch.put64(patch.kernelPa(at), value.value());
        } else {
            patch.put32(patch.kernelPa(at), value.value());
        }
    }

    private static SampleProcess withVads(Sample sample) {
        return sample.manifest().processes().stream().filter(p -> p.isRunning() && p.vads().size() >= 10)
                .findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"win7-7601-x64", "win7-7601-x86-pae", "win10-19041-x64", "win10-19041-x86", "win11-26100-x64"})
    void aChildPointingBackAtTheRootIsACycleReportedOnce(String profileId) {
        Sample sample = Samples.of(profileId);
        WindowsProfile profile = sample.kernel().profile();
        SampleProcess p = withVads(sample);
        SampleVad last = p.vads().get(p.vads().size() - 1);
        Patch patch = sample.patch(dir);
        Va root = new Va(patch.kernel64(p.eprocess().plus(profile.offset("_EPROCESS", root(profile))))
                & (profile.is64Bit() ? -1L : 0xffff_ffffL));
        pointer(patch, profile, last.node().plus(profile.offset("_MMVAD_SHORT", rightChild(profile))), root);
        try (PhysicalMemory patched = patch.open()) {
            WalkResult<WinVad> vads = WindowsKernel.open(patched, KernelOptions.DEFAULT).objects().process(p.eprocess()).vads();
            assertThat(vads.items()).extracting(WinVad::address)
                    .containsExactlyElementsOf(p.vads().stream().map(SampleVad::node).toList());
            assertThat(vads.problems()).singleElement().asString()
                    .isEqualTo("VAD tree of process " + p.pid() + " (EPROCESS " + p.eprocess() + "): node " + root
                            + " is reached twice (a cycle); skipped");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"win7-7601-x64", "win7-7601-x86-pae", "win10-19041-x64", "win10-19041-x86", "win11-26100-x64"})
    void aChainAThousandLevelsDeepStopsAtTheDepthLimit(String profileId) {
        Sample sample = Samples.of(profileId);
        WindowsProfile profile = sample.kernel().profile();
        SampleProcess p = withVads(sample);
        Va chain = zeroKernelMemory(sample, CHAIN * NODE_STRIDE);
        Patch patch = sample.patch(dir);
        int right = profile.offset("_MMVAD_SHORT", rightChild(profile));
        for (int i = 0; i + 1 < CHAIN; i++) {
            pointer(patch, profile, chain.plus((long) i * NODE_STRIDE + right), chain.plus((long) (i + 1) * NODE_STRIDE));
        }
        pointer(patch, profile, p.eprocess().plus(profile.offset("_EPROCESS", root(profile))), chain);
        try (PhysicalMemory patched = patch.open()) {
            WindowsKernel kernel = WindowsKernel.open(patched, KernelOptions.DEFAULT);
            int depth = kernel.objects().limits().maxVadDepth();
            WalkResult<WinVad> vads = kernel.objects().process(p.eprocess()).vads();
            assertThat(vads.items()).hasSize(depth);
            assertThat(vads.items().get(depth - 1).address()).isEqualTo(chain.plus((long) (depth - 1) * NODE_STRIDE));
            assertThat(vads.problems()).singleElement().asString()
                    .isEqualTo("VAD tree of process " + p.pid() + " (EPROCESS " + p.eprocess() + ") is deeper than "
                            + depth + " levels at node " + chain.plus((long) depth * NODE_STRIDE)
                            + "; the nodes from there down are skipped");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"win7-7601-x64", "win10-19041-x86", "win11-22000-x64"})
    void aChildInUserSpaceIsSkippedAndTheRestIsListed(String profileId) {
        Sample sample = Samples.of(profileId);
        WindowsProfile profile = sample.kernel().profile();
        SampleProcess p = withVads(sample);
        SampleVad last = p.vads().get(p.vads().size() - 1);
        Patch patch = sample.patch(dir);
        pointer(patch, profile, last.node().plus(profile.offset("_MMVAD_SHORT", rightChild(profile))), new Va(0x10000));
        try (PhysicalMemory patched = patch.open()) {
            WalkResult<WinVad> vads = WindowsKernel.open(patched, KernelOptions.DEFAULT).objects().process(p.eprocess()).vads();
            assertThat(vads.items()).hasSameSizeAs(p.vads());
            assertThat(vads.problems()).singleElement().asString().contains("is not a kernel address");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"win7-7601-x64", "win10-19041-x86", "win11-26100-x64"})
    void aChildInKernelMemoryThatDoesNotTranslateIsSkippedNotListed(String profileId) {
        Sample sample = Samples.of(profileId);
        WindowsProfile profile = sample.kernel().profile();
        SampleProcess p = withVads(sample);
        SampleVad last = p.vads().get(p.vads().size() - 1);
        Va nowhere = new Va(profile.is64Bit() ? 0xffff_c000_0dea_0000L : 0xdea0_0000L);
        assertThat(sample.kernelTables().translate(nowhere).isMapped()).isFalse();
        Patch patch = sample.patch(dir);
        pointer(patch, profile, last.node().plus(profile.offset("_MMVAD_SHORT", rightChild(profile))), nowhere);
        try (PhysicalMemory patched = patch.open()) {
            WalkResult<WinVad> vads = WindowsKernel.open(patched, KernelOptions.DEFAULT).objects().process(p.eprocess()).vads();
            assertThat(vads.items()).extracting(WinVad::address)
                    .containsExactlyElementsOf(p.vads().stream().map(SampleVad::node).toList());
            assertThat(vads.problems()).singleElement().asString().contains(nowhere.toString())
                    .endsWith("; that node and its subtree are skipped");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"win7-7601-x64", "win7-7601-x86-pae", "win10-19041-x64", "win10-19041-x86"})
    void aSubtreeLostToAChildThatReadsAsNullIsToldByTheKernelsCount(String profileId) {
        Sample sample = Samples.of(profileId);
        WindowsProfile profile = sample.kernel().profile();
        SampleProcess p = withVads(sample);
        Patch patch = sample.patch(dir);
        Va root = new Va(patch.kernel64(p.eprocess().plus(profile.offset("_EPROCESS", root(profile))))
                & (profile.is64Bit() ? -1L : 0xffff_ffffL));
        String left = win7(profile) ? "LeftChild" : "VadNode.Left";
        pointer(patch, profile, root.plus(profile.offset("_MMVAD_SHORT", left)), new Va(0));
        try (PhysicalMemory patched = patch.open()) {
            WalkResult<WinVad> vads = WindowsKernel.open(patched, KernelOptions.DEFAULT).objects().process(p.eprocess()).vads();
            assertThat(vads.items()).hasSizeLessThan(p.vads().size());
            assertThat(vads.problems()).singleElement().asString().isEqualTo("VAD tree of process " + p.pid() + " (EPROCESS "
                    + p.eprocess() + "): the kernel counts " + p.vads().size() + " nodes, the tree holds " + vads.items().size());
        }
    }

    /** {@code length} bytes of kernel memory inside ntoskrnl's image that are mapped and all zero. */
    private static Va zeroKernelMemory(Sample sample, int length) {
        AddressSpace kernel = sample.kernelTables();
        Va base = sample.manifest().kernelBase();
        long size = sample.kernel().discovery().kernelSize();
        byte[] chunk = new byte[length];
        for (long offset = size - length & -0x1000L; offset > 0; offset -= 0x1000) {
            ByteBuffer buffer = ByteBuffer.wrap(chunk);
            if (kernel.read(base.plus(offset), buffer).isComplete() && allZero(chunk)) {
                return base.plus(offset);
            }
        }
        throw new IllegalStateException("no " + length + " zero bytes mapped in ntoskrnl's image of " + sample);
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
