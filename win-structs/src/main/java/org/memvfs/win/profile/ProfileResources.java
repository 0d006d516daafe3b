package org.memvfs.win.profile;

import java.io.IOException;
import java.io.InputStream;
import org.memvfs.win.json.Json;
import org.memvfs.win.json.JsonNode;

/** Reads the profile data files memvfs carries on its class path, under {@value #DIRECTORY}. */
final class ProfileResources {
    static final String DIRECTORY = "org/memvfs/win/profiles/";

    private ProfileResources() {
    }

    /** Parses the resource {@code name} (a file name within {@link #DIRECTORY}). */
    static JsonNode json(String name) {
        String resource = DIRECTORY + name;
        try (InputStream in = open(resource)) {
            return Json.parse(in, resource, Json.Limits.DEFAULT);
        } catch (IOException e) {
            throw new ProfileException("cannot read the built-in resource " + resource + ": " + e.getMessage(), e);
        }
    }

    /** The text of the resource {@code name}, UTF-8. */
    static String text(String name) {
        String resource = DIRECTORY + name;
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileException("cannot read the built-in resource " + resource + ": " + e.getMessage(), e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = ProfileResources.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new ProfileException("the built-in resource " + resource + " is missing from the class path", null);
        }
        return in;
    }
}
