package dev.panoptes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.Storage;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.server.config.OtlpSettings;
import dev.panoptes.server.config.PanoptesConfig;
import dev.panoptes.server.config.ServerSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus scrapes itself every second and remote-writes to Panoptes; every series
 * and sample Prometheus stored up to a point must be in Panoptes, value for value, compared
 * through each one's query API (the same range-selector query to both).
 */
class PrometheusRemoteWriteTest {

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everySampleThatPrometheusStoredArrivesByRemoteWrite() throws Exception {
        String prometheus = RemoteWritingPrometheus.binary();
        assumeTrue(prometheus != null, RemoteWritingPrometheus.NOT_INSTALLED);
        PanoptesConfig config = PanoptesConfig.defaults().withDataDir(dir.resolve("panoptes")).withServer(new ServerSettings(null, 0, null, null, null)).withOtlp(OtlpSettings.closed());
        try (PanoptesServer panoptes = PanoptesServer.start(config)) {
            try (RemoteWritingPrometheus peer = RemoteWritingPrometheus.start(prometheus, dir, panoptes.httpPort(), true)) {
                int port = peer.port();
                Storage storage = panoptes.metricsStorage().forTenant(TenantId.of("anonymous"));
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                String mismatch = "no data yet";
                while (Instant.now().isBefore(deadline)) {
                    Thread.sleep(1000);
                    Map<String, List<double[]>> ours = stored(storage, Long.MAX_VALUE);
                    List<double[]> up = ours.get("{__name__=\"up\", instance=\"127.0.0.1:" + port + "\", job=\"prometheus\"}");
                    if (up == null || up.size() < 5) {
                        continue;
                    }
                    // Compare everything up to two scrapes before the newest sample received.
                    long until = (long) up.get(up.size() - 1)[0] - 2000;
                    Map<String, List<double[]>> theirs = rawSamples(port, until);
                    Map<String, List<double[]>> oursUntil = rawSamples(panoptes.httpPort(), until);
                    mismatch = compare(theirs, oursUntil);
                    if (mismatch == null) {
                        assertThat(theirs).hasSizeGreaterThan(100);
                        assertThat(storage.metadata("prometheus_tsdb_head_series", 0, 0)).isNotEmpty();
                        return;
                    }
                }
                throw new AssertionError("Panoptes never held what Prometheus stored: " + mismatch + "\nprometheus log:\n" + peer.logHead());
            }
        }
    }

    private static String compare(Map<String, List<double[]>> theirs, Map<String, List<double[]>> ours) {
        if (!theirs.keySet().equals(ours.keySet())) {
            TreeMap<String, Boolean> missing = new TreeMap<>();
            theirs.keySet().stream().filter(k -> !ours.containsKey(k)).limit(5).forEach(k -> missing.put(k, true));
            return "series differ: " + theirs.size() + " in Prometheus, " + ours.size() + " in Panoptes; missing e.g. " + missing.keySet();
        }
        for (Map.Entry<String, List<double[]>> entry : theirs.entrySet()) {
            List<double[]> a = entry.getValue();
            List<double[]> b = ours.get(entry.getKey());
            if (a.size() != b.size()) {
                return entry.getKey() + ": " + a.size() + " samples in Prometheus, " + b.size() + " in Panoptes";
            }
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i)[0] != b.get(i)[0] || Double.compare(a.get(i)[1], b.get(i)[1]) != 0) {
                    return entry.getKey() + " sample " + i + " differs";
                }
            }
        }
        return null;
    }

    /**
     * Every series of job prometheus with its raw samples up to {@code until} (ms), as the query
     * API on {@code port} (Prometheus' or Panoptes') answers {@code {job="prometheus"}[10m]}.
     */
    private Map<String, List<double[]>> rawSamples(int port, long until) throws Exception {
        String query = URLEncoder.encode("{job=\"prometheus\"}[10m]", StandardCharsets.UTF_8);
        String url = "http://127.0.0.1:" + port + "/api/v1/query?query=" + query + "&time=" + (until / 1000.0);
        JsonNode body = json.readTree(client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body());
        Map<String, List<double[]>> result = new TreeMap<>();
        for (JsonNode series : body.path("data").path("result")) {
            Labels.Builder labels = Labels.builder();
            Iterator<Map.Entry<String, JsonNode>> fields = series.path("metric").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                labels.set(field.getKey(), field.getValue().asText());
            }
            List<double[]> samples = new java.util.ArrayList<>();
            for (JsonNode value : series.path("values")) {
                samples.add(new double[] {Math.round(value.get(0).asDouble() * 1000), Double.parseDouble(value.get(1).asText().replace("Inf", "Infinity"))});
            }
            result.put(labels.build().toString(), samples);
        }
        return result;
    }

    /** What the storage holds, read directly: used to wait until enough has arrived. */
    private static Map<String, List<double[]>> stored(Storage storage, long until) {
        Map<String, List<double[]>> result = new TreeMap<>();
        try (Querier q = storage.querier(Long.MIN_VALUE, until)) {
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, until), List.of(LabelMatcher.equal("job", "prometheus")));
            SampleIterator it = null;
            while (set.next()) {
                List<double[]> samples = new java.util.ArrayList<>();
                it = set.at().iterator(it);
                while (it.next() == ValueType.FLOAT) {
                    // Stale markers are not returned by Prometheus' range selector either.
                    if (Double.doubleToRawLongBits(it.atFloat()) != 0x7ff0000000000002L) {
                        samples.add(new double[] {it.atT(), it.atFloat()});
                    }
                }
                if (!samples.isEmpty()) {
                    result.put(set.at().labels().toString(), samples);
                }
            }
        }
        return result;
    }
}
