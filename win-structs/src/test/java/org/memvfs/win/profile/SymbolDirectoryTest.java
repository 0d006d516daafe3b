package org.memvfs.win.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SymbolDirectoryTest {
    private static final String GUID = "606FF669409B00F7FC8C61A9C1670129";

    @Test
    void findsTheJpcertLayoutByGuidInAnyCase() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path root = fs.getPath("/cache");
            Path pdbDir = Files.createDirectories(root.resolve("symbols/windows/ntkrnlmp.pdb"));
            Path wanted = touch(pdbDir.resolve(GUID.toLowerCase() + "-1.json.xz"));
            touch(pdbDir.resolve("1806D020A6E46538D7AC3325FAC114D8-1.json.xz"));
            touch(pdbDir.resolve(GUID + "-2.json.xz"));

            assertThat(SymbolDirectory.find(root, GUID + "1")).contains(wanted);
            assertThat(SymbolDirectory.find(root, GUID + "-1")).contains(wanted);
            assertThat(SymbolDirectory.find(root, new GuidAge(GUID, 2))).hasValueSatisfying(
                    p -> assertThat(p.getFileName().toString()).isEqualTo(GUID + "-2.json.xz"));
            assertThat(SymbolDirectory.find(root, GUID + "3")).isEmpty();
        }
    }

    @Test
    void theAgeInFileNamesIsDecimal() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path root = Files.createDirectories(fs.getPath("/s"));
            Path age26 = touch(root.resolve(GUID + "-26.json"));
            touch(root.resolve(GUID + "-1A.json"));
            assertThat(SymbolDirectory.find(root, GUID + "1A")).contains(age26);
        }
    }

    @Test
    void prefersShallowThenPlainJsonThenNameOrder() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path root = Files.createDirectories(fs.getPath("/s"));
            touch(Files.createDirectories(root.resolve("b/deeper")).resolve(GUID + "-1.json"));
            Path xz = touch(Files.createDirectories(root.resolve("a")).resolve(GUID + "-1.json.xz"));
            assertThat(SymbolDirectory.find(root, GUID + "1")).contains(xz);
            Path json = touch(root.resolve("a").resolve(GUID + "-1.json"));
            assertThat(SymbolDirectory.find(root, GUID + "1")).contains(json);
            Path top = touch(root.resolve(GUID + "-1.JSON.XZ"));
            assertThat(SymbolDirectory.find(root, GUID + "1")).contains(top);
        }
    }

    @Test
    void searchDepthIsBounded() throws IOException {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
            Path root = Files.createDirectories(fs.getPath("/s"));
            Path deepDir = Files.createDirectories(root.resolve("1/2/3/4/5/6"));
            touch(deepDir.resolve(GUID + "-1.json.xz"));
            assertThat(SymbolDirectory.find(root, GUID + "1")).isEmpty();
            Path atLimit = touch(root.resolve("1/2/3/4").resolve(GUID + "-1.json.xz"));
            assertThat(SymbolDirectory.find(root, GUID + "1")).contains(atLimit);
        }
    }

    @Test
    void ignoresDirectoriesAndOtherFilesNamedAlike(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve(GUID + "-1.json"));
        touch(root.resolve(GUID + "-1.json.gz"));
        touch(root.resolve("x" + GUID + "-1.json"));
        assertThat(SymbolDirectory.find(root, GUID + "1")).isEmpty();
        Path real = touch(Files.createDirectories(root.resolve("ntkrnlmp.pdb")).resolve(GUID + "-1.json"));
        assertThat(SymbolDirectory.find(root, GUID + "1")).contains(real);
    }

    @Test
    void aMissingDirectoryIsAnError(@TempDir Path root) {
        assertThatThrownBy(() -> SymbolDirectory.find(root.resolve("nope"), GUID + "1"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> SymbolDirectory.find(root, "bad")).isInstanceOf(ProfileException.class);
    }

    @Test
    void foundFilesLoad(@TempDir Path root) throws IOException {
        Path pdbDir = Files.createDirectories(root.resolve("windows/ntkrnlmp.pdb"));
        Files.copy(IsfProfileTest.isf("win10-19041-x64.trimmed-isf.json.xz"), pdbDir.resolve(GUID + "-1.json.xz"));
        WindowsProfile p = IsfProfile.load(SymbolDirectory.find(root, GUID + "1").orElseThrow());
        assertThat(p.guidAge()).hasValue(GUID + "1");
        assertThat(p.offset("_EPROCESS", "UniqueProcessId")).isEqualTo(0x440);
    }

    private static Path touch(Path file) throws IOException {
        return Files.write(file, new byte[] {'{', '}'});
    }
}
