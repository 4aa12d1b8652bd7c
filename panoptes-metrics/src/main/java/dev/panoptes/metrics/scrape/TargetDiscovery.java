package dev.panoptes.metrics.scrape;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the target groups of a job: its static groups, the groups in its file_sd files and
 * what its http_sd URLs answer, each discovered group carrying {@code __meta_filepath} or
 * {@code __meta_url} as Prometheus does. A source that cannot be read keeps its last good
 * groups, as Prometheus keeps them, and the problem is logged.
 *
 * <p>Thread-safe: one discovery per job, refreshed from one scheduler thread.
 */
final class TargetDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(TargetDiscovery.class);
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final ObjectMapper YAML = new YAMLMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<List<ScrapeConfig.StaticConfig>> GROUPS = new TypeReference<>() { };

    private final ScrapeConfig config;
    private final HttpClient client;
    /** Last good groups of each source (a file path or a URL). */
    private final Map<String, List<ScrapeConfig.StaticConfig>> lastGood = new HashMap<>();

    TargetDiscovery(ScrapeConfig config, HttpClient client) {
        this.config = config;
        this.client = client;
    }

    /** How often the job's dynamic sources are re-read; null when it has only static targets. */
    Duration refreshInterval() {
        Duration shortest = null;
        for (ScrapeConfig.FileSdConfig file : config.fileSdConfigs()) {
            shortest = shortest == null || file.refreshInterval().compareTo(shortest) < 0 ? file.refreshInterval() : shortest;
        }
        for (ScrapeConfig.HttpSdConfig http : config.httpSdConfigs()) {
            shortest = shortest == null || http.refreshInterval().compareTo(shortest) < 0 ? http.refreshInterval() : shortest;
        }
        return shortest;
    }

    /** Every group of the job now, each with its discovery labels. */
    synchronized List<ScrapeConfig.StaticConfig> groups() {
        List<ScrapeConfig.StaticConfig> groups = new ArrayList<>(config.staticConfigs());
        for (ScrapeConfig.FileSdConfig fileSd : config.fileSdConfigs()) {
            for (String pattern : fileSd.files()) {
                for (Path file : expand(pattern)) {
                    groups.addAll(withMeta(read(file.toString(), () -> parseFile(file)), "__meta_filepath", file.toString()));
                }
            }
        }
        for (ScrapeConfig.HttpSdConfig httpSd : config.httpSdConfigs()) {
            groups.addAll(withMeta(read(httpSd.url(), () -> fetch(httpSd.url())), "__meta_url", httpSd.url()));
        }
        return groups;
    }

    private interface Source {
        List<ScrapeConfig.StaticConfig> load() throws IOException, InterruptedException;
    }

    private List<ScrapeConfig.StaticConfig> read(String key, Source source) {
        try {
            List<ScrapeConfig.StaticConfig> groups = source.load();
            lastGood.put(key, groups);
            return groups;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Target discovery of job {} cannot read {}: {}; keeping its last targets", config.jobName(), key, e.getMessage());
            return lastGood.getOrDefault(key, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return lastGood.getOrDefault(key, List.of());
        }
    }

    private static List<ScrapeConfig.StaticConfig> parseFile(Path file) throws IOException {
        String name = file.getFileName().toString();
        byte[] bytes = Files.readAllBytes(file);
        List<ScrapeConfig.StaticConfig> groups = name.endsWith(".json") ? JSON.readValue(bytes, GROUPS) : YAML.readValue(bytes, GROUPS);
        return groups == null ? List.of() : groups;
    }

    private List<ScrapeConfig.StaticConfig> fetch(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("X-Prometheus-Refresh-Interval-Seconds", "60").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP status " + response.statusCode());
        }
        List<ScrapeConfig.StaticConfig> groups = JSON.readValue(response.body(), GROUPS);
        return groups == null ? List.of() : groups;
    }

    private static List<ScrapeConfig.StaticConfig> withMeta(List<ScrapeConfig.StaticConfig> groups, String name, String value) {
        List<ScrapeConfig.StaticConfig> result = new ArrayList<>(groups.size());
        for (ScrapeConfig.StaticConfig group : groups) {
            Map<String, String> labels = new LinkedHashMap<>(group.labels());
            labels.put(name, value);
            result.add(new ScrapeConfig.StaticConfig(group.targets(), labels));
        }
        return result;
    }

    /** The files a pattern names: a path, or a glob in its last element. */
    private static List<Path> expand(String pattern) {
        Path path = Path.of(pattern);
        String last = path.getFileName().toString();
        if (!last.contains("*") && !last.contains("?") && !last.contains("[")) {
            return Files.isRegularFile(path) ? List.of(path) : List.of();
        }
        Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> matches = Files.newDirectoryStream(dir, last)) {
            for (Path file : matches) {
                if (Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", dir, e.getMessage());
        }
        files.sort(null);
        return files;
    }
}
