package org.memvfs.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.memvfs.win.sample.SampleImage;
import org.memvfs.win.sample.SampleImages;
import org.memvfs.win.sample.SamplePlant;
import org.memvfs.win.sample.SampleProcess;

/** The built-in sample mounted through the real command path, checked with real tools. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleMountTest {
    private Path image;
    private SampleImage sample;
    private Path mountPoint;
    private KernelLoader.Session session;
    private FuseMount mount;

    @BeforeAll
    void mount() throws Exception {
        sample = SampleImages.build(DemoCommand.DEFAULT_BUILD);
        image = Files.createTempFile("memvfs-sample", ".raw");
        sample.writeRaw(image);
        session = KernelLoader.open(KernelLoader.Request.of(image), null);
        mountPoint = Files.createTempDirectory("memvfs-sample-mount");
        mount = FuseMount.mount(session.vfs(), mountPoint, FuseMount.Options.DEFAULT);
    }

    @AfterAll
    void unmount() throws Exception {
        mount.close();
        session.close();
        Files.delete(mountPoint);
        Files.delete(image);
    }

    private static byte[] memvfsCat(Path image, String path) {
        OutputStream saved = CatCommand.output;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CatCommand.output = bytes;
        try {
            int status = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "cat",
                    image.toString(), path);
            assertThat(status).isZero();
        } finally {
            CatCommand.output = saved;
        }
        return bytes.toByteArray();
    }

    @Test
    void lsListsEveryProcessOfTheSample() {
        Tools.Result ls = Tools.run(mountPoint, "ls", "pid", "name");
        for (SampleProcess p : sample.manifest().processes()) {
            assertThat(ls.out()).containsPattern("(?m)^" + p.pid() + "$").contains(p.imageFileName() + "-" + p.pid());
        }
    }

    @Test
    void catThroughTheMountEqualsMemvfsCat() {
        SampleProcess notepad = sample.manifest().processes().stream().filter(p -> p.imageFileName().equals("notepad.exe"))
                .findFirst().orElseThrow();
        for (String path : List.of("sys/proc/proc.txt", "pid/" + notepad.pid() + "/win-cmdline.txt",
                "pid/" + notepad.pid() + "/memmap/vad.txt", "pid/" + notepad.pid() + "/threads/threads.txt",
                "pid/" + notepad.pid() + "/modules/modules.txt")) {
            Tools.Result cat = Tools.run(mountPoint, "cat", path);
            assertThat(cat.out().getBytes(StandardCharsets.ISO_8859_1)).as(path).isEqualTo(memvfsCat(image, path));
        }
        assertThat(Tools.run(mountPoint, "cat", "pid/" + notepad.pid() + "/win-cmdline.txt").out())
                .isEqualTo(notepad.commandLine() + "\n");
    }

    @Test
    void grepFindsThePlantedStringInTheRightProcessAndNowhereElse() {
        SamplePlant plant = sample.manifest().planted();
        Tools.Result grep = Tools.shell(mountPoint, "grep -r -l -F '" + plant.text() + "' pid/*/vmemd");
        assertThat(grep.status()).as(grep.err()).isZero();
        List<String> files = grep.out().lines().toList();
        assertThat(files).hasSize(1);
        assertThat(files.get(0)).startsWith("pid/" + plant.pid() + "/vmemd/");
    }

    @Test
    void theLargestProcessListsTenThousandRegionsQuickly() {
        SampleProcess largest = sample.manifest().processes().stream()
                .max(java.util.Comparator.comparingInt(p -> p.vads().size())).orElseThrow();
        Tools.Result count = Tools.shell(mountPoint, "ls pid/" + largest.pid() + "/vmemd | wc -l");
        assertThat(Integer.parseInt(count.out().strip())).isEqualTo(largest.vads().size()).isGreaterThanOrEqualTo(10_000);
        Tools.Result lines = Tools.shell(mountPoint, "wc -l < pid/" + largest.pid() + "/memmap/vad.txt");
        assertThat(Integer.parseInt(lines.out().strip())).isEqualTo(largest.vads().size() + 1);
    }
}
