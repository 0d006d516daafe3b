package org.memvfs.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshPeriodsTest {
    @Test
    void theDefaultsAreHalfASecondForMemoryAndFiveSecondsForProcesses() {
        assertThat(RefreshPeriods.DEFAULT.memory()).isEqualTo(Duration.ofMillis(500));
        assertThat(RefreshPeriods.DEFAULT.processes()).isEqualTo(Duration.ofSeconds(5));
        assertThat(VfsOptions.DEFAULT.refresh()).isEqualTo(RefreshPeriods.DEFAULT);
    }

    @Test
    void periodsOutsideTheirRangeAreRefusedWithTheRange() {
        assertThatThrownBy(() -> RefreshPeriods.DEFAULT.withMemory(Duration.ofMillis(9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10 to 3600000 ms");
        assertThatThrownBy(() -> RefreshPeriods.DEFAULT.withMemory(Duration.ofHours(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RefreshPeriods.DEFAULT.withProcesses(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 86400 s");
        assertThat(RefreshPeriods.DEFAULT.withMemory(Duration.ofMillis(10)).withProcesses(Duration.ofDays(1)))
                .isEqualTo(new RefreshPeriods(Duration.ofMillis(10), Duration.ofSeconds(86_400)));
    }
}
