package org.memvfs.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.memvfs.mmu.Hex;
import org.memvfs.mmu.guest.LiveGuest;
import org.memvfs.mmu.guest.Workload;
import org.memvfs.vfs.RefreshPeriods;

/**
 * A real Debian guest running under QEMU, its RAM shared in /dev/shm, mounted with
 * {@code --live} at the default refresh periods. QEMU is the oracle for the bytes (its monitor's
 * {@code xp} and {@code pmemsave} while the guest is stopped), the guest kernel for the
 * translations ({@code /proc/self/pagemap}); the guest's counters ({@code jiffies} at 250 Hz,
 * the {@code wtick} workload's {@code seq=} every 100 ms) show the mount following it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveGuestMountTest {
    private static final RefreshPeriods PERIODS = RefreshPeriods.DEFAULT;
    private static final int PAGE = 4096;
    private static final int SEQ_DIGITS = 8;
    private LiveGuest guest;
    private KernelLoader.Session session;
    private Path mountPoint;
    private FuseMount mount;
    private FileChannel ram;
    private MappedByteBuffer truth;
    private long jiffiesPa;
    private Workload wtick;
    private long wtickPa;
    private int seqOffset;

    @BeforeAll
    void bootAndMount() throws IOException {
        guest = LiveGuest.boot("512M");
        try {
            long started = System.nanoTime();
            session = KernelLoader.open(KernelLoader.Request.live(guest.ramFile(), PERIODS), null);
            mountPoint = Files.createTempDirectory("memvfs-live-guest");
            mount = FuseMount.mount(session.vfs(), mountPoint, FuseMount.Options.DEFAULT);
            System.out.printf("LiveGuestMountTest: kernel found and mounted in %d ms: %s%n",
                    (System.nanoTime() - started) / 1_000_000, session.kernel().version());
            // the test's own view of the guest's RAM, to know what the guest holds at an instant
            ram = FileChannel.open(guest.ramFile());
            truth = ram.map(FileChannel.MapMode.READ_ONLY, 0, ram.size());
            truth.order(ByteOrder.LITTLE_ENDIAN);
            jiffiesPa = guest.gva2gpa(guest.kernelSymbol("jiffies"));
            wtick = guest.workload("wtick");
            wtickPa = guest.pagemap(wtick.pid()).get(wtick.smallVa());
            seqOffset = marker(wtick).length();
        } catch (RuntimeException | AssertionError | IOException e) {
            unmountAndStop();
            throw e;
        }
    }

    @AfterAll
    void unmountAndStop() throws IOException {
        try {
            if (mount != null) {
                mount.close();
            }
            if (session != null) {
                session.close();
            }
            if (ram != null) {
                ram.close();
            }
        } finally {
            guest.close();
            if (mountPoint != null) {
                Files.deleteIfExists(mountPoint);
            }
        }
        assertThat(Files.exists(guest.ramFile())).as("the RAM file is deleted").isFalse();
    }

    /** The start of the marker line of a workload's first small page, up to its {@code seq=} field (workload.c). */
    private static String marker(Workload workload) {
        return String.format("QGMARK name=%-8.8s pid=%-6d va=%016x seq=", workload.name(), workload.pid(), workload.smallVa());
    }

    private byte[] readMount(String path, long position, int length) throws IOException {
        try (FileChannel file = FileChannel.open(mountPoint.resolve(path))) {
            return read(file, position, length);
        }
    }

    private static byte[] read(FileChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining() && file.read(buffer, position + buffer.position()) > 0) {
            // a short read goes on where it stopped
        }
        assertThat(buffer.position()).isEqualTo(length);
        return buffer.array();
    }

    private static long u64(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static int seq(byte[] digits) {
        return Integer.parseInt(new String(digits, StandardCharsets.US_ASCII));
    }

    private int trueSeq() {
        byte[] digits = new byte[SEQ_DIGITS];
        truth.get((int) wtickPa + seqOffset, digits);
        return seq(digits);
    }

    @Test
    void memvfsReadsTheBytesQemuReadsWhileTheGuestIsStopped() throws IOException {
        Path saved = Files.createTempFile("memvfs-pmemsave", ".bin");
        guest.stop();
        try {
            long compared = 0;
            long page = jiffiesPa & -PAGE;
            assertThat(readMount("memory.pmem", page, PAGE)).as("the page of jiffies at %s", Hex.of(page))
                    .isEqualTo(guest.xp(page, PAGE));
            compared += PAGE;

            Map<Long, Long> pagemap = guest.pagemap(wtick.pid());
            long secondPa = pagemap.get(wtick.smallVa() + PAGE);
            byte[] viaTables = readMount("pid/" + wtick.pid() + "/memory.vmem", wtick.smallVa(), 2 * PAGE);
            assertThat(Arrays.copyOfRange(viaTables, 0, PAGE)).isEqualTo(guest.xp(wtickPa, PAGE));
            assertThat(Arrays.copyOfRange(viaTables, PAGE, 2 * PAGE)).isEqualTo(guest.xp(secondPa, PAGE));
            assertThat(new String(viaTables, 0, seqOffset, StandardCharsets.US_ASCII)).isEqualTo(marker(wtick));
            compared += 2 * PAGE;

            long base = jiffiesPa & -(4 << 20);
            guest.pmemsave(base, 4 << 20, saved);
            assertThat(readMount("memory.pmem", base, 4 << 20)).isEqualTo(Files.readAllBytes(saved));
            compared += 4 << 20;

            String virt2phys = "pid/" + wtick.pid() + "/virt2phys/";
            Tools.Result echo = Tools.shell(mountPoint, "echo 0x" + Long.toHexString(wtick.smallVa()) + " > " + virt2phys + "virt.txt");
            assertThat(echo.status()).as(echo.err()).isZero();
            assertThat(Tools.run(mountPoint, "cat", virt2phys + "phys.txt").out().strip()).isEqualTo(Hex.u64(wtickPa));
            System.out.printf("LiveGuestMountTest: %d bytes read through the mount equal QEMU's (xp of the jiffies page at %s, "
                    + "xp of wtick's 2 pages through its tables, pmemsave of 4 MiB at %s)%n", compared, Hex.of(page), Hex.of(base));
        } finally {
            guest.cont();
            Files.delete(saved);
        }
    }

    @Test
    void jiffiesAdvanceInMemoryPmemAndNoReadIsOlderThanTheMemoryPeriod() throws Exception {
        List<Long> seen = new ArrayList<>();
        try (FileChannel pmem = FileChannel.open(mountPoint.resolve("memory.pmem"))) {
            for (int i = 0; i < 4; i++) {
                long before = truth.getLong((int) jiffiesPa);
                Thread.sleep(PERIODS.memory().toMillis());
                long now = u64(read(pmem, jiffiesPa, 8));
                assertThat(now).as("jiffies read one memory period after the guest had %d", before).isGreaterThan(before);
                seen.add(now);
            }
        }
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        System.out.printf("LiveGuestMountTest: jiffies through memory.pmem every %d ms: %s (+%d in %d reads)%n",
                PERIODS.memory().toMillis(), seen, seen.get(seen.size() - 1) - seen.get(0), seen.size());
    }

    @Test
    void theTickWorkloadsCounterAdvancesThroughItsPageTables() throws Exception {
        List<Integer> seen = new ArrayList<>();
        String vmem = "pid/" + wtick.pid() + "/memory.vmem";
        try (FileChannel file = FileChannel.open(mountPoint.resolve(vmem))) {
            for (int i = 0; i < 4; i++) {
                int before = trueSeq();
                Thread.sleep(PERIODS.memory().toMillis());
                int now = seq(read(file, wtick.smallVa() + seqOffset, SEQ_DIGITS));
                assertThat(now).as("seq= read one memory period after the guest wrote %d", before).isGreaterThan(before);
                seen.add(now);
            }
        }
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        System.out.printf("LiveGuestMountTest: wtick's seq= through %s at %s every %d ms: %s%n", vmem,
                Hex.of(wtick.smallVa() + seqOffset), PERIODS.memory().toMillis(), seen);
    }

    @Test
    void theProcessListIsReadAgainOnScheduleAndOnDemandWithoutProblems() throws Exception {
        assertThat(Tools.run(mountPoint, "ls", "pid").out()).containsPattern("(?m)^" + wtick.pid() + "$");
        assertThat(Files.exists(mountPoint.resolve("name/workload-" + wtick.pid()))).isTrue();
        Tools.Result echo = Tools.shell(mountPoint, "echo 1 > conf/refresh.txt");
        assertThat(echo.status()).as(echo.err()).isZero();
        String conf = Tools.run(mountPoint, "cat", "conf/refresh.txt").out();
        assertThat(conf).startsWith("memory-ms=500\nprocesses-s=5\n").contains("last-error=none\n");
        long forced = processRefreshes(conf);
        // and the schedule walks the list again within one process period (and a little for the walk)
        long start = System.nanoTime();
        while (processRefreshes(conf) == forced) {
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(PERIODS.processes().plusSeconds(2));
            Thread.sleep(100);
            conf = Tools.run(mountPoint, "cat", "conf/refresh.txt").out();
        }
        assertThat(conf).contains("last-error=none\n");
        assertThat(Tools.run(mountPoint, "ls", "pid").out()).containsPattern("(?m)^" + wtick.pid() + "$");
        System.out.printf("LiveGuestMountTest: %s%n", conf.lines().filter(l -> l.startsWith("last-") || l.contains("refreshes="))
                .toList());
    }

    private static long processRefreshes(String conf) {
        return conf.lines().filter(l -> l.startsWith("process-refreshes=")).mapToLong(l -> Long.parseLong(l.split("=")[1]))
                .findFirst().orElseThrow();
    }
}
