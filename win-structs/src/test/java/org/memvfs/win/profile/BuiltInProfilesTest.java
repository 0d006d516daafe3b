package org.memvfs.win.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BuiltInProfilesTest {

    @Test
    void theIndexListsEveryProfileFileAndNothingElse() throws IOException, URISyntaxException {
        Path dir = Path.of(BuiltInProfilesTest.class.getClassLoader().getResource(ProfileResources.DIRECTORY).toURI());
        List<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("win") && n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .toList();
        }
        assertThat(BuiltInProfiles.ids()).hasSize(11).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void loadsOnceAndSharesTheList() {
        assertThat(BuiltInProfiles.all()).isSameAs(BuiltInProfiles.all());
        assertThat(BuiltInProfiles.all()).hasSize(11);
    }
}
