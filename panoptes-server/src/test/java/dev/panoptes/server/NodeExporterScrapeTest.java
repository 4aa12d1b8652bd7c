package dev.panoptes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.metrics.storage.MetricType;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.Storage;
import dev.panoptes.server.config.OtlpSettings;
import dev.panoptes.server.config.PanoptesConfig;
import dev.panoptes.server.config.ServerSettings;
import dev.panoptes.core.config.YamlConfigLoader;
import dev.panoptes.wire.exposition.ExpositionFormat;
import dev.panoptes.wire.exposition.ExpositionSink;
import dev.panoptes.wire.exposition.TextExpositionParser;
import java.io.File;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's node_exporter scraped by Panoptes with a Prometheus-style configuration: every
 * family it exposes is stored, with its series' labels and its type.
 */
class NodeExporterScrapeTest {

    @TempDir
    Path dir;

    @Test
    void everyFamilyNodeExporterExposesIsStoredWithItsLabelsAndType() throws Exception {
        File binary = new File("/usr/bin/prometheus-node-exporter");
        assumeTrue(binary.canExecute(), "skipped: Debian's prometheus-node-exporter is not installed (.ci/run installs it)");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process exporter = new ProcessBuilder(binary.getPath(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("node-exporter.log").toFile()).start();
        String yaml = """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: node
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                        labels:
                          env: test
                """.formatted(port);
        PanoptesConfig fromFile = new YamlConfigLoader().parse(yaml, "test.yml", PanoptesConfig.class);
        PanoptesConfig config = fromFile.withDataDir(dir.resolve("data")).withServer(new ServerSettings(null, 0, null, null, null)).withOtlp(OtlpSettings.closed());
        try (PanoptesServer panoptes = PanoptesServer.start(config)) {
            Storage storage = panoptes.metricsStorage().forTenant(TenantId.of("anonymous"));
            // What the exporter exposes, read directly: series without job/instance, and family types.
            HttpResponse<String> direct = awaitMetrics(port);
            Set<Labels> exposed = new HashSet<>();
            Map<String, String> types = new HashMap<>();
            new TextExpositionParser(ExpositionFormat.PROMETHEUS_TEXT, new ExpositionSink() {
                @Override
                public void type(String family, String type) {
                    types.put(family, type);
                }

                @Override
                public void sample(Labels labels, double value, long t, ParsedExemplar exemplar) {
                    exposed.add(labels);
                }
            }).parse(new StringReader(direct.body()));
            assertThat(types).containsEntry("node_cpu_seconds_total", "counter").containsEntry("node_memory_MemTotal_bytes", "gauge");

            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            Set<Labels> stored = Set.of();
            Set<Labels> missing = exposed;
            while (Instant.now().isBefore(deadline)) {
                stored = stored(storage);
                missing = new HashSet<>();
                for (Labels labels : exposed) {
                    Labels expected = labels.toBuilder().set("job", "node").set("instance", "127.0.0.1:" + port).set("env", "test").build();
                    if (!stored.contains(expected)) {
                        missing.add(expected);
                    }
                }
                // Scrapes are a second apart; series come and go a little (scrape timings), so allow a few.
                if (missing.size() <= exposed.size() / 100) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(missing.size()).as("series not stored, e.g. %s", missing.stream().limit(3).toList()).isLessThanOrEqualTo(exposed.size() / 100);
            for (Map.Entry<String, String> family : types.entrySet()) {
                var metadata = storage.metadata(family.getKey(), 0, 0).get(family.getKey());
                assertThat(metadata).as("metadata of %s", family.getKey()).isNotNull();
                // The text format says "untyped" where the metadata API says "unknown", as in Prometheus.
                String expectedType = family.getValue().equals("untyped") ? "unknown" : family.getValue();
                assertThat(metadata.get(metadata.size() - 1).type().apiName()).as(family.getKey()).isEqualTo(expectedType);
            }
            assertThat(stored).contains(Labels.of("__name__", "up", "job", "node", "instance", "127.0.0.1:" + port, "env", "test"));
            assertThat(storage.metadata("node_cpu_seconds_total", 0, 0).get("node_cpu_seconds_total").get(0).type()).isEqualTo(MetricType.COUNTER);
        } finally {
            exporter.destroy();
            if (!exporter.waitFor(10, TimeUnit.SECONDS)) {
                exporter.destroyForcibly();
            }
        }
    }

    private static HttpResponse<String> awaitMetrics(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static Set<Labels> stored(Storage storage) {
        Set<Labels> result = new HashSet<>();
        try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(LabelMatcher.equal("job", "node")));
            while (set.next()) {
                result.add(set.at().labels());
            }
        }
        return result;
    }
}
