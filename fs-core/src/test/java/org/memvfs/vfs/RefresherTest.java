package org.memvfs.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.memvfs.mmu.MemoryCaches;

class RefresherTest {
    private static final RefreshPeriods HOUR = new RefreshPeriods(Duration.ofHours(1), Duration.ofHours(24));
    private final MemoryCaches caches = new MemoryCaches();
    private final AtomicInteger rereads = new AtomicInteger();
    private Refresher refresher;

    private Refresher started(RefreshPeriods periods, Runnable reread) {
        refresher = new Refresher(caches, reread, periods);
        refresher.start();
        return refresher;
    }

    private Refresher started(RefreshPeriods periods) {
        return started(periods, rereads::incrementAndGet);
    }

    @AfterEach
    void stop() {
        if (refresher != null) {
            refresher.close();
        }
    }

    /** Waits (bounded) until {@code condition} holds. */
    private static void await(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", limit).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void startingDropsWhatFindingTheKernelCachedAndTheScheduleKeepsDropping() throws InterruptedException {
        long before = caches.generation();
        started(HOUR.withMemory(Duration.ofMillis(20)).withProcesses(Duration.ofSeconds(1)));
        assertThat(caches.generation()).isGreaterThan(before);
        long started = caches.generation();
        await(() -> caches.generation() >= started + 3, Duration.ofSeconds(10));
        await(() -> rereads.get() >= 1, Duration.ofSeconds(10));
    }

    @Test
    void aReaderDropsTheCachesItselfWhenTheScheduleIsLate() throws InterruptedException {
        started(HOUR);
        refresher.close(); // no schedule at all: the latest a schedule can be; only the reader's check is left
        refresher.setPeriods(HOUR.withMemory(Duration.ofSeconds(10)));
        refresher.refreshMemory();
        long fresh = caches.generation();
        refresher.keepFresh();
        assertThat(caches.generation()).as("fresh enough: nothing dropped").isEqualTo(fresh);
        refresher.setPeriods(HOUR.withMemory(Duration.ofMillis(10)));
        Thread.sleep(20);
        refresher.keepFresh();
        assertThat(caches.generation()).as("a period old: dropped by the reader").isEqualTo(fresh + 1);
        refresher.keepFresh();
        assertThat(caches.generation()).as("and only once").isEqualTo(fresh + 1);
    }

    @Test
    void writingOneRefreshesBothNowAndPeriodsChangeAllOrNothing() {
        started(HOUR);
        long before = caches.generation();
        refresher.apply("1\n");
        assertThat(rereads.get()).isEqualTo(1);
        assertThat(caches.generation()).isGreaterThan(before);
        refresher.apply("memory-ms=200 processes-s=2");
        assertThat(refresher.periods()).isEqualTo(new RefreshPeriods(Duration.ofMillis(200), Duration.ofSeconds(2)));
        for (String bad : new String[] {"", "2", "memory-ms=", "memory-ms=abc", "memory-ms=5", "processes-s=0",
                "memory-ms=300 bogus=1", "memory-ms=300 processes-s=999999", "memory-ms=99999999999999999999"}) {
            assertThatThrownBy(() -> refresher.apply(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("memory-ms=N");
        }
        assertThat(refresher.periods()).isEqualTo(new RefreshPeriods(Duration.ofMillis(200), Duration.ofSeconds(2)));
        assertThat(rereads.get()).isEqualTo(1);
    }

    @Test
    void theTextShowsThePeriodsTheLastRefreshesAndTheSyntax() {
        started(HOUR.withMemory(Duration.ofMillis(250)));
        refresher.apply("1");
        String text = refresher.text();
        assertThat(text).startsWith("memory-ms=250\nprocesses-s=86400\n")
                .containsPattern("(?m)^last-memory-refresh=\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z$")
                .containsPattern("(?m)^last-process-refresh=\\d{4}-")
                .contains("process-refreshes=1\n").contains("last-error=none\n")
                .contains("echo 1 > conf/refresh.txt").contains("echo memory-ms=200 > conf/refresh.txt")
                .contains("(default 500)").contains("(default 5)");
    }

    @Test
    void aProcessListThatCannotBeReadKeepsTheOldTreeAndSaysWhy() throws InterruptedException {
        started(HOUR.withProcesses(Duration.ofSeconds(1)), () -> {
            rereads.incrementAndGet();
            throw new org.memvfs.mmu.MemoryException("ActiveProcessLinks unreadable", org.memvfs.mmu.MemoryException.Context.NONE);
        });
        assertThatThrownBy(() -> refresher.apply("1")).hasMessageContaining("unreadable");
        assertThat(refresher.text()).contains("the previous one is shown: ActiveProcessLinks unreadable");
        // the schedule survives a failed run and tries again
        await(() -> rereads.get() >= 3, Duration.ofSeconds(10));
    }

    @Test
    void closingStopsTheScheduleWithinABoundedWait() throws InterruptedException {
        started(HOUR.withMemory(Duration.ofMillis(10)));
        refresher.close();
        long after = caches.generation();
        Thread.sleep(50);
        assertThat(caches.generation()).isEqualTo(after);
    }
}
