package org.memvfs.linux.object;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskStateTest {

    @Test
    void statesAreNamedAsProcStatusNamesThem() {
        assertThat(new TaskState(0, 0).describe()).isEqualTo("R (running)");
        assertThat(new TaskState(0x1, 0).describe()).isEqualTo("S (sleeping)");
        assertThat(new TaskState(0x2, 0).describe()).isEqualTo("D (disk sleep)");
        assertThat(new TaskState(0x4, 0).describe()).isEqualTo("T (stopped)");
        assertThat(new TaskState(0x8, 0).describe()).isEqualTo("t (tracing stop)");
        assertThat(new TaskState(0x40, 0).describe()).isEqualTo("P (parked)");
        assertThat(new TaskState(0x402, 0).describe()).as("TASK_IDLE").isEqualTo("I (idle)");
        assertThat(new TaskState(0x1000, 0).describe()).as("TASK_RTLOCK_WAIT").isEqualTo("D (disk sleep)");
        assertThat(new TaskState(0x101, 0).letter()).as("TASK_WAKEKILL is not reported").isEqualTo('S');
    }

    @Test
    void anExitedTaskIsAZombieOrDead() {
        TaskState zombie = new TaskState(0x80, TaskState.EXIT_ZOMBIE);
        assertThat(zombie.describe()).isEqualTo("Z (zombie)");
        assertThat(zombie.hasExited()).isTrue();
        assertThat(new TaskState(0x80, TaskState.EXIT_DEAD).letter()).isEqualTo('X');
        assertThat(new TaskState(1, 0).hasExited()).isFalse();
    }
}
