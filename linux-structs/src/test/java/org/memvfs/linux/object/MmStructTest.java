package org.memvfs.linux.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.linux.LinuxGuests;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.linux.LinuxKernel;
import org.memvfs.mmu.Va;

class MmStructTest {

    static List<Image> images() {
        return LinuxGuests.images();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theHeapAndStackBoundsLieInTheRegionsNamedSo(Image image) {
        LinuxKernel kernel = LinuxGuests.kernel(image);
        for (int pid : image.capture().maps().keySet()) {
            MmStruct mm = kernel.process(pid).orElseThrow().mm().orElseThrow();
            assertThat(kernel.objects().vmasFromMapleTree()).isTrue();
            Vma heap = mm.vmas().items().stream().filter(v -> v.name().equals("[heap]")).findFirst().orElseThrow();
            assertThat(heap.start()).isEqualTo(mm.startBrk());
            assertThat(heap.end()).isGreaterThanOrEqualTo(mm.brk());
            Vma stack = mm.vmas().items().stream().filter(v -> v.name().equals("[stack]")).findFirst().orElseThrow();
            assertThat(mm.startStack()).isBetween(stack.start(), stack.end());
            assertThat(mm.argStart()).isBetween(stack.start(), stack.end());
            assertThat(mm.pgd().value() - kernel.discovery().pageOffsetBase().value()).isEqualTo(mm.pgdTable().value());
        }
    }

    private static OldKernel withList(long... vmas) {
        OldKernel old = new OldKernel();
        old.mm(0x20000, vmas.length == 0 ? 0 : vmas[0], vmas.length);
        return old;
    }

    @Test
    void anOlderKernelsVmasComeFromTheMmapListInOrder() {
        OldKernel old = withList(0x21000);
        old.vma(0x21000, 0x20000, 0x400000, 0x401000, 0x5, 0x21100);
        old.vma(0x21100, 0x20000, 0x600000, 0x602000, 0x3, 0x21200);
        old.vma(0x21200, 0x20000, 0x7ff000000000L, 0x7ff000021000L, 0x3, 0);
        assertThat(old.objects.vmasFromMapleTree()).isFalse();
        WalkResult<Vma> vmas = old.objects.mm(OldKernel.va(0x20000)).vmas();
        assertThat(vmas.problems()).isEmpty();
        assertThat(vmas.items()).extracting(v -> v.start().value()).containsExactly(0x400000L, 0x600000L, 0x7ff000000000L);
        assertThat(vmas.items().get(0).permissions()).isEqualTo("r-xp");
    }

    @Test
    void anMmapListThatLoopsOrGoesBackwardsStopsWithAProblem() {
        OldKernel loop = withList(0x21000);
        loop.vma(0x21000, 0x20000, 0x400000, 0x401000, 0x5, 0x21100);
        loop.vma(0x21100, 0x20000, 0x600000, 0x602000, 0x3, 0x21000);
        WalkResult<Vma> looped = loop.objects.mm(OldKernel.va(0x20000)).vmas();
        assertThat(looped.items()).hasSize(2);
        assertThat(looped.problems()).singleElement().asString().contains("loops");
        OldKernel back = withList(0x21000);
        back.vma(0x21000, 0x20000, 0x600000, 0x601000, 0x5, 0x21100);
        back.vma(0x21100, 0x20000, 0x400000, 0x402000, 0x3, 0);
        WalkResult<Vma> backwards = back.objects.mm(OldKernel.va(0x20000)).vmas();
        assertThat(backwards.items()).hasSize(1);
        assertThat(backwards.problems()).singleElement().asString().contains("starts below");
        OldKernel broken = withList(0x21000);
        broken.vma(0x21000, 0x20000, 0x400000, 0x401000, 0x5, 0x3ff000); // next points past the direct map's memory
        broken.memory.put64(0x21000 + 0x10, 0xffff_8880_1000_0000L);
        WalkResult<Vma> cut = broken.objects.mm(OldKernel.va(0x20000)).vmas();
        assertThat(cut.items()).hasSize(1);
        assertThat(cut.problems()).singleElement().asString().contains("cannot read");
    }

    @Test
    void argumentsAreTheNulSeparatedStringsOfTheArgumentArea() {
        OldKernel old = withList();
        byte[] area = "/bin/sh\0-c\0\0echo hi\0".getBytes(StandardCharsets.US_ASCII);
        old.memory.put(0x20_0000 + 0x100, area);
        old.memory.put64(0x20000 + 0x30, OldKernel.USER + 0x100).put64(0x20000 + 0x38, OldKernel.USER + 0x100 + area.length);
        WalkResult<String> arguments = old.objects.mm(OldKernel.va(0x20000)).arguments();
        assertThat(arguments.items()).containsExactly("/bin/sh", "-c", "", "echo hi");
        assertThat(arguments.problems()).isEmpty();
    }

    @Test
    void argumentsInMemoryThatIsNotThereOrTooLongAreNamedProblems() {
        OldKernel old = withList();
        long end = OldKernel.USER + (2 << 20) + 0x10; // runs 16 bytes past the user page
        old.memory.put64(0x20000 + 0x30, end - 0x20).put64(0x20000 + 0x38, end);
        WalkResult<String> partial = old.objects.mm(OldKernel.va(0x20000)).arguments();
        assertThat(partial.problems()).singleElement().asString().contains("16 of the 32 argument bytes");
        old.memory.put64(0x20000 + 0x30, OldKernel.USER).put64(0x20000 + 0x38, OldKernel.USER + (1 << 20));
        WalkResult<String> huge = old.objects.mm(OldKernel.va(0x20000)).arguments();
        assertThat(huge.problems()).singleElement().asString().contains("the first " + WalkLimits.DEFAULT.maxCmdlineBytes());
        old.memory.put64(0x20000 + 0x38, OldKernel.USER);
        assertThat(old.objects.mm(OldKernel.va(0x20000)).arguments().items()).isEmpty();
    }

    @Test
    void theTableIsTheTranslatedPgd() {
        OldKernel old = withList();
        MmStruct mm = old.objects.mm(OldKernel.va(0x20000));
        assertThat(mm.pgd()).isEqualTo(OldKernel.va(OldKernel.TOP_TABLE));
        assertThat(mm.pgdTable().value()).isEqualTo(OldKernel.TOP_TABLE);
        assertThat(mm.addressSpace().translate(new Va(OldKernel.USER + 5)).pa().orElseThrow().value()).isEqualTo(0x20_0005);
    }
}
