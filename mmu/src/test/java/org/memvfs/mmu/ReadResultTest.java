package org.memvfs.mmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadResultTest {
    @Test
    void aCompleteReadHasNothingAbsent() {
        ReadResult result = ReadResult.complete(10);
        assertThat(result.isComplete()).isTrue();
        assertThat(result.isAbsent()).isFalse();
        assertThat(result.presentBytes()).isEqualTo(10);
        assertThat(result.isPresent(9)).isTrue();
    }

    @Test
    void theBuilderMergesTouchingSpansAndKeepsOthersApart() {
        ReadResult result = new ReadResult.Builder().absent(0, 4).absent(4, 8).absent(10, 12).absent(11, 15).build(20);
        assertThat(result.absentSpans()).containsExactly(new ReadResult.Span(0, 8), new ReadResult.Span(10, 15));
        assertThat(result.absentBytes()).isEqualTo(13);
        assertThat(result.isPresent(8)).isTrue();
        assertThat(result.isPresent(14)).isFalse();
        assertThat(result.isPresent(15)).isTrue();
    }

    @Test
    void piecesAddedAtAnOffsetShiftTheirSpans() {
        ReadResult piece = new ReadResult.Builder().absent(1, 3).build(4);
        ReadResult whole = new ReadResult.Builder().add(0, ReadResult.complete(4)).add(4, piece).build(8);
        assertThat(whole.absentSpans()).containsExactly(new ReadResult.Span(5, 7));
    }

    @Test
    void anAbsentReadIsAbsentThroughout() {
        ReadResult result = ReadResult.absent(7);
        assertThat(result.isAbsent()).isTrue();
        assertThat(result.presentBytes()).isZero();
        assertThat(ReadResult.absent(0).isComplete()).isTrue();
    }

    @Test
    void askingOutsideTheReadIsAnError() {
        assertThatThrownBy(() -> ReadResult.complete(3).isPresent(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
