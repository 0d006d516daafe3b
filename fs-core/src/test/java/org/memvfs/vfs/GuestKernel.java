package org.memvfs.vfs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.MemoryCaches;
import org.memvfs.mmu.PagingCaches;
import org.memvfs.mmu.PhysicalMemory;
import org.memvfs.mmu.SoftwareEntryResolver;
import org.memvfs.mmu.Va;
import org.memvfs.mmu.guest.GuestCapture;
import org.memvfs.mmu.guest.Workload;
import org.memvfs.mmu.image.MemoryImages;
import org.memvfs.vfs.os.OsKernel;
import org.memvfs.vfs.os.OsModule;
import org.memvfs.vfs.os.OsProcess;
import org.memvfs.vfs.os.OsRegion;
import org.memvfs.vfs.os.OsTextFile;
import org.memvfs.vfs.os.OsThread;
import org.memvfs.mmu.Pa;

/**
 * A kernel for testing the tree's generic code on real memory: the QEMU guest's workloads that
 * were on a vCPU, each under the CR3 QEMU recorded for it, with the regions the guest itself
 * printed from {@code /proc/PID/maps}. Nothing here parses Linux structures; that is issue 8's.
 */
public final class GuestKernel implements OsKernel {
    private final GuestCapture capture;
    private final PhysicalMemory memory;
    private final MemoryCaches caches = new MemoryCaches();
    private final PagingCaches paging;
    private final AddressSpace kernelSpace;

    public GuestKernel(GuestCapture capture) {
        this.capture = capture;
        this.memory = MemoryImages.open(capture.raw());
        this.paging = new PagingCaches(memory, caches);
        this.kernelSpace = new AddressSpace(paging, capture.config().mode(),
                capture.config().mode().rootOf(capture.cpuCr3().get(0)), SoftwareEntryResolver.NONE);
    }

    public GuestCapture capture() {
        return capture;
    }

    @Override
    public String version() {
        return "QEMU guest " + capture.config().directory() + " (test kernel: workloads from the oracle)";
    }

    @Override
    public List<String> discovery() {
        return List.of("processes: the workloads QEMU recorded a CR3 for");
    }

    @Override
    public String regionFileName() {
        return "vma.txt";
    }

    @Override
    public String architecture() {
        return "x64";
    }

    @Override
    public PhysicalMemory memory() {
        return memory;
    }

    @Override
    public AddressSpace kernelSpace() {
        return kernelSpace;
    }

    @Override
    public MemoryCaches caches() {
        return caches;
    }

    @Override
    public List<OsProcess> processes() {
        List<OsProcess> processes = new ArrayList<>();
        Map<String, Long> cr3 = capture.workloadCr3();
        Map<Integer, List<String>> maps = capture.maps();
        for (Workload workload : capture.workloads()) {
            if (cr3.containsKey(workload.name())) {
                processes.add(new GuestProcess(workload, kernelSpace.withRoot(capture.config().mode().rootOf(cr3.get(workload.name()))),
                        maps.getOrDefault(workload.pid(), List.of())));
            }
        }
        return processes;
    }

    @Override
    public List<String> problems() {
        return List.of();
    }

    @Override
    public Optional<Instant> imageTime() {
        return Optional.of(Instant.parse("2026-11-21T06:31:26Z"));
    }

    /** A workload process: one thread, its regions from the guest's maps. */
    record GuestProcess(Workload workload, AddressSpace addressSpace, List<String> maps) implements OsProcess {
        @Override
        public int pid() {
            return workload.pid();
        }

        @Override
        public int ppid() {
            return 1;
        }

        @Override
        public String name() {
            return workload.name();
        }

        @Override
        public String state() {
            return "running";
        }

        @Override
        public boolean isRunning() {
            return true;
        }

        @Override
        public Optional<Instant> createTime() {
            return Optional.of(Instant.parse("2026-11-21T06:31:20Z").plusSeconds(workload.pid()));
        }

        @Override
        public Optional<Instant> exitTime() {
            return Optional.empty();
        }

        @Override
        public Pa dtb() {
            return addressSpace.root();
        }

        @Override
        public Optional<Pa> userDtb() {
            return Optional.empty();
        }

        @Override
        public long userSpaceSize() {
            return 1L << 47;
        }

        @Override
        public List<OsThread> threads() {
            return List.of(new OsThread(workload.pid(), "running", new Va(0x401000), null, 120, createTime().orElseThrow(),
                    Map.of("mode", workload.mode())));
        }

        @Override
        public List<OsRegion> regions() {
            List<OsRegion> regions = new ArrayList<>();
            for (String line : maps) {
                String[] f = line.split("\\s+", 6);
                String[] range = f[0].split("-");
                String path = f.length > 5 ? f[5].strip() : "";
                String tag = path.isEmpty() ? "" : path.substring(path.lastIndexOf('/') + 1);
                regions.add(new OsRegion(Va.parse(range[0]), Va.parse(range[1]).plus(-1), f[1].substring(0, 3),
                        path.isEmpty() || path.startsWith("[") ? "private" : "mapped", "", "", path, tag));
            }
            return regions;
        }

        @Override
        public List<OsModule> modules() {
            return List.of(new OsModule("workload", new Va(0x400000), 0x1ae000, new Va(0x401000), "/bin/workload"));
        }

        @Override
        public List<OsTextFile> textFiles() {
            return List.of(new OsTextFile("linux-cmdline.txt", () -> "/bin/workload " + workload.name() + " " + workload.mode()));
        }

        @Override
        public List<String> problems() {
            return List.of();
        }
    }
}
