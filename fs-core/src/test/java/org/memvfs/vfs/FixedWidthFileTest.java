package org.memvfs.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FixedWidthFileTest {
    @Test
    void itsSizeIsKnownWithoutRenderingARow() {
        AtomicInteger rendered = new AtomicInteger();
        FixedWidthFile file = new FixedWidthFile("header", 10, 10_000, i -> {
            rendered.incrementAndGet();
            return "row " + i;
        });
        assertThat(file.size()).isEqualTo(10L * 10_001);
        assertThat(rendered).hasValue(0);
    }

    @Test
    void aReadRendersOnlyTheRowsItTouches() {
        AtomicInteger rendered = new AtomicInteger();
        FixedWidthFile file = new FixedWidthFile("h", 8, 10_000, i -> {
            rendered.incrementAndGet();
            return Integer.toString(i);
        });
        ByteBuffer buffer = ByteBuffer.allocate(12);
        assertThat(file.read(8 * 9_999 + 4, buffer)).isEqualTo(12);
        assertThat(new String(buffer.array(), StandardCharsets.US_ASCII)).isEqualTo("   \n9999   \n");
        assertThat(rendered).hasValue(2);
    }

    @Test
    void longRowsAreCutAtACharacterBoundaryAndShortOnesPadded() {
        assertThat(new String(FixedWidthFile.fit("abc", 6), StandardCharsets.UTF_8)).isEqualTo("abc  \n");
        assertThat(new String(FixedWidthFile.fit("abcdefgh", 6), StandardCharsets.UTF_8)).isEqualTo("abcde\n");
        // "é" is two bytes: cutting after its first byte would leave half a character
        assertThat(new String(FixedWidthFile.fit("abcdé", 6), StandardCharsets.UTF_8)).isEqualTo("abcd \n");
    }

    @Test
    void controlCharactersInARowShowAsQuestionMarksSoEveryRowStaysOneLine() {
        // a module path read from a corrupt image can hold newlines; the table must keep one line per row
        FixedWidthFile file = new FixedWidthFile("h", 8, 2, i -> i == 0 ? "a\nb\rc\0d" : "ok");
        ByteBuffer buffer = ByteBuffer.allocate(24);
        assertThat(file.read(0, buffer)).isEqualTo(24);
        assertThat(new String(buffer.array(), StandardCharsets.UTF_8)).isEqualTo("h      \na?b?c?d\nok     \n");
    }

    @Test
    void readsAtOrPastTheEndGiveNothing() {
        FixedWidthFile file = new FixedWidthFile("h", 4, 1, i -> "x");
        assertThat(file.read(8, ByteBuffer.allocate(4))).isZero();
        assertThat(file.read(100, ByteBuffer.allocate(4))).isZero();
    }
}
