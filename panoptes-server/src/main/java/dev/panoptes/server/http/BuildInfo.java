package dev.panoptes.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build is: version, source revision and branch, who built it and when. Read from the
 * properties file the build writes into the jar; fields the build could not know (a source tree
 * without git, say) read as {@code unknown}.
 */
public record BuildInfo(String version, String revision, String branch, String buildUser, String buildDate, String javaVersion) {

    private static final String RESOURCE = "/dev/panoptes/server/build-info.properties";

    /** Reads the build's own properties. */
    public static BuildInfo current() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuildInfo(
                value(properties, "version"),
                value(properties, "revision"),
                value(properties, "branch"),
                value(properties, "build.user"),
                value(properties, "build.date"),
                Runtime.version().toString());
    }

    private static String value(Properties properties, String key) {
        String value = properties.getProperty(key);
        // An unfiltered placeholder means the build did not know the value.
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }

    /** The one-paragraph description {@code panoptes version} prints, in the style of Prometheus' {@code --version}. */
    public String describe() {
        return "panoptes, version " + version + " (branch: " + branch + ", revision: " + revision + ")\n"
                + "  build user:       " + buildUser + "\n"
                + "  build date:       " + buildDate + "\n"
                + "  java version:     " + javaVersion + "\n";
    }
}
