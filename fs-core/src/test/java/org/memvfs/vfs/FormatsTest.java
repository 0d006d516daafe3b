package org.memvfs.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void aNameFromTheImageBecomesAFileNameWithoutSlashesControlCharactersOrDots() {
        assertThat(Formats.fileName("ntdll.dll", 200)).isEqualTo("ntdll.dll");
        assertThat(Formats.fileName("a/b\nc\0d\u007fe", 200)).isEqualTo("a_b_c_d_e");
        assertThat(Formats.fileName("", 200)).isEqualTo("_");
        assertThat(Formats.fileName(".", 200)).isEqualTo("__");
        assertThat(Formats.fileName("..", 200)).isEqualTo("___");
        assertThat(Formats.fileName("...", 200)).isEqualTo("...");
    }

    @Test
    void aLongNameIsCutToItsByteLimitAtACharacterBoundary() {
        String name = "é".repeat(300);
        String cut = Formats.fileName(name, 201);
        assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSize(200);
        assertThat(cut).isEqualTo("é".repeat(100));
        assertThat(Formats.fileName("x".repeat(32_767), 255)).hasSize(255);
    }

    @Test
    void problemsBecomePartialLinesThatWidenATableUpToALimit() {
        List<String> lines = Formats.partialLines(List.of("the Flink of X is null", "y".repeat(5000)));
        assertThat(lines.get(0)).isEqualTo("# partial: the Flink of X is null");
        assertThat(Formats.widthFor(80, List.of())).isEqualTo(80);
        assertThat(Formats.widthFor(10, lines.subList(0, 1))).isEqualTo(lines.get(0).length() + 1);
        assertThat(Formats.widthFor(10, lines)).isEqualTo(Formats.MAX_PARTIAL_WIDTH);
        assertThat(Formats.widthFor(2000, lines)).isEqualTo(2000);
    }
}
