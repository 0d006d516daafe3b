package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.win.profile.Profiles;

class ProcessCatalogTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void theCatalogFitsTheBuild(String id) {
        var profile = Profiles.byId(id);
        List<ProcessSpec> catalog = ProcessCatalog.forProfile(profile);
        assertThat(catalog).hasSizeGreaterThanOrEqualTo(30);
        assertThat(catalog.stream().map(ProcessSpec::pid).distinct()).hasSameSizeAs(catalog);
        assertThat(catalog.stream().map(ProcessSpec::name)).contains("System", "smss.exe", "csrss.exe", "wininit.exe",
                "services.exe", "lsass.exe", "svchost.exe", "winlogon.exe", "explorer.exe", "notepad.exe", "cmd.exe");
        assertThat(catalog.stream().anyMatch(p -> p.name().equals("Registry"))).isEqualTo(profile.buildNumber() >= 17134);
        assertThat(catalog.stream().filter(p -> p.kind() == ProcessSpec.Kind.WOW64)).hasSize(profile.is64Bit() ? 1 : 0);
        for (ProcessSpec.Role role : new ProcessSpec.Role[] {ProcessSpec.Role.PLANTED, ProcessSpec.Role.MANY_VADS,
            ProcessSpec.Role.SOFTWARE_PAGES}) {
            assertThat(catalog.stream().filter(p -> p.role() == role)).hasSize(1);
        }
        assertThat(catalog.stream().filter(p -> p.kind() == ProcessSpec.Kind.EXITED)).hasSize(1);
        assertThat(catalog.stream().mapToDouble(ProcessSpec::startSeconds)).isSorted();
        assertThat(catalog.stream().map(ProcessSpec::imageFileName)).allMatch(n -> n.length() <= 14).contains("SearchIndexer.");
    }
}
