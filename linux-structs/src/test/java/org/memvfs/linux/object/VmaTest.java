package org.memvfs.linux.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.linux.LinuxGuests;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.linux.LinuxKernel;
import org.memvfs.mmu.Va;

class VmaTest {
    private static final Pattern BEGIN = Pattern.compile("QG-BEGIN maps pid=(\\d+)");

    static List<Image> images() {
        return LinuxGuests.images();
    }

    /** The guest's /proc/PID/maps lines byte for byte (trailing spaces kept), only the console's CR removed. */
    private static Map<Integer, List<String>> exactMaps(Image image) throws IOException {
        Map<Integer, List<String>> maps = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : Files.readAllLines(image.capture().directory().resolve("serial.log"))) {
            line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            Matcher begin = BEGIN.matcher(line);
            if (begin.find()) {
                current = new ArrayList<>();
                maps.put(Integer.parseInt(begin.group(1)), current);
            } else if (line.startsWith("QG-END maps")) {
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return maps;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void mapsLinesAreTheKernelsOwnToTheLastSpace(Image image) throws IOException {
        LinuxKernel kernel = LinuxGuests.kernel(image);
        for (Map.Entry<Integer, List<String>> guest : exactMaps(image).entrySet()) {
            List<String> lines = new ArrayList<>();
            for (Vma vma : kernel.process(guest.getKey()).orElseThrow().mm().orElseThrow().vmas().items()) {
                lines.add(vma.mapsLine());
            }
            assertThat(lines).as("/proc/%d/maps", guest.getKey()).containsExactlyElementsOf(guest.getValue());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void namesPermissionsAndFilesAreThoseOfTheRegionsKind(Image image) {
        LinuxKernel kernel = LinuxGuests.kernel(image);
        int pid = image.capture().workloads().get(0).pid();
        List<Vma> vmas = kernel.process(pid).orElseThrow().mm().orElseThrow().vmas().items();
        Vma text = vmas.get(1);
        assertThat(text.permissions()).isEqualTo("r-xp");
        assertThat(text.file()).isPresent();
        assertThat(text.pgoff()).isEqualTo(1);
        assertThat(text.name()).isEqualTo("/bin/workload");
        assertThat(text.flags() & Vma.VM_EXEC).isNotZero();
        assertThat(text.owner().address()).isEqualTo(text.mmAddress());
        assertThat(vmas).extracting(Vma::name).contains("[heap]", "[stack]", "[vvar]", "[vdso]", "");
        Vma anonymous = vmas.get(5);
        assertThat(anonymous.file()).isEmpty();
        assertThat(anonymous.name()).isEmpty();
        assertThat(anonymous.start()).isLessThan(anonymous.end());
        assertThat(anonymous.toString()).contains(anonymous.start().toString());
    }

    @Test
    void aSpecialMappingIsNamedByItsVmSpecialMapping() {
        OldKernel old = new OldKernel();
        old.mm(0x20000, 0x21000, 1);
        old.vma(0x21000, 0x20000, 0x7fff0000_0000L, 0x7fff0000_2000L, 0x5, 0);
        old.memory.put64(0x21000 + 0x38, OldKernel.va(0x22000).value()); // vm_ops with a name function
        old.memory.put64(0x22000 + 0x60, 0xffff_ffff_8100_0000L);
        old.memory.put64(0x21000 + 0x40, OldKernel.va(0x23000).value()); // vm_private_data: the special mapping
        old.memory.put64(0x23000, OldKernel.va(0x23100).value()).put(0x23100, "[vdso]\0".getBytes());
        Vma vdso = old.objects.mm(OldKernel.va(0x20000)).vmas().items().get(0);
        assertThat(vdso.name()).isEqualTo("[vdso]");
        assertThat(vdso.mapsLine()).isEqualTo("7fff00000000-7fff00002000 r-xp 00000000 00:00 0" + " ".repeat(26) + "[vdso]");
        assertThat(vdso.start()).isEqualTo(new Va(0x7fff0000_0000L));
    }
}
