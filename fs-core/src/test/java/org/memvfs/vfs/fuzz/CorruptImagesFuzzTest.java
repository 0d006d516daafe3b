package org.memvfs.vfs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.memvfs.win.sample.SampleImages;

/**
 * The bounded fuzz run of CI: a few hundred corrupted sample images of every build, each opened as
 * memvfs opens an image and its whole tree walked through the {@code Vfs} API with a deadline per
 * operation. The long run is {@code tools/fuzz.sh}. Lists that come out shorter than the builder
 * made them without a {@code partial:} line are counted and shown, not failed: a corruption can
 * leave an image that is consistent with itself (an ExitStatus zeroed to "exited", a Peb pointer
 * zeroed), which no reader could tell from the real thing.
 */
class CorruptImagesFuzzTest {
    private static final int IMAGES = 22 * SampleImages.supportedProfiles().size();
    private static final long SEED = Long.getLong("memvfs.fuzz.seed", 20261121L);
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void corruptImagesNeverHangNeverFailOutsideTheDeclaredExceptionsAndNameWhatWasBroken() {
        Fuzzer fuzzer = new Fuzzer(DEADLINE);
        FuzzReport report = fuzzer.run(new Fuzzer.Settings(SampleImages.supportedProfiles(), SEED, IMAGES,
                Duration.ofMinutes(10), DEADLINE), System.out);
        System.out.printf("fuzz seed %d (-Dmemvfs.fuzz.seed=%d replays this run)%n%s", SEED, SEED, report);

        assertThat(report.images()).isEqualTo(IMAGES);
        assertThat(report.hangs()).as("operations past their %d s deadline", DEADLINE.toSeconds()).isZero();
        assertThat(report.unexpected()).as("exceptions outside the MemoryException family").isZero();
        assertThat(report.lies()).as("answers that contradict themselves").isZero();
        assertThat(report.expectationsChecked()).as("breaks made").isGreaterThan(IMAGES / 10);
        assertThat(report.expectationsMissed()).as("breaks not named in the file that shows them").isZero();
        assertThat(report.openedImages()).as("images whose kernel was still found").isGreaterThan(IMAGES * 3L / 4);
        assertThat(report.operations()).isGreaterThan(IMAGES * 1000L);
        assertThat(report.problemLines()).as("partial: lines in the files read").isPositive();
    }
}
