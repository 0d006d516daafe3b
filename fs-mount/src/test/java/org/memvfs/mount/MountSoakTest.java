package org.memvfs.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak of CI: 16 readers on a real mount for 40 s (longer with {@code -Dmemvfs.soak.seconds};
 * the long run is {@code tools/soak.sh}). Every operation succeeds, the mount's heap stays within
 * its caches' bounds, and it holds the same file descriptors and no more threads afterwards.
 */
class MountSoakTest {
    /** The caches' maxima (page tables, translations, rendered files: 64 MiB each) and room for the rest. */
    private static final long HEAP_BOUND = 320L << 20;

    private static final int THREAD_SLACK = 2;

    @TempDir
    Path dir;

    private static java.util.List<String> withoutJars(java.util.List<String> fds) {
        return fds.stream().filter(fd -> !fd.endsWith(".jar")).toList();
    }

    @Test
    void sixteenReadersAtOnceAllSucceedWithinABoundedHeapAndLeakNothing() throws Exception {
        MountSoak.Report report = new MountSoak(dir).run(Duration.ofSeconds(Long.getLong("memvfs.soak.seconds", 40)),
                System.out);
        System.out.print(report);

        assertThat(report.errors()).isEmpty();
        assertThat(report.errorCount()).isZero();
        assertThat(report.operations()).containsKeys("read", "grep -r", "ls -R", "virt.txt", "xxd", "cat", "find")
                .allSatisfy((kind, count) -> assertThat(count).as(kind).isPositive());
        assertThat(report.totalOperations()).isGreaterThan(1000);
        // jar files the JVM opens to load a class first used during the soak are not the mount's doing
        assertThat(withoutJars(report.fdsAfter())).as("the mount's file descriptors").isEqualTo(withoutJars(report.fdsBefore()));
        // a leak would grow with the tens of thousands of operations; the JVM may start or stop a compiler thread
        assertThat(report.threadsAfter()).as("the mount's threads").isLessThanOrEqualTo(report.threadsBefore() + THREAD_SLACK);
        assertThat(report.heapAfter()).as("the mount's live heap at the end").isLessThan(HEAP_BOUND);
        assertThat(report.liveHeapPeak()).as("the mount's live heap at most").isLessThan(HEAP_BOUND);
        assertThat(report.heapPeak()).as("the mount's heap at most").isLessThan(1L << 30);
    }
}
