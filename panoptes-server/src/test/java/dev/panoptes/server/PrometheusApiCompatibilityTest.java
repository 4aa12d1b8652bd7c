package dev.panoptes.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.panoptes.core.labels.LabelMatcher;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same requests against Debian's Prometheus (2.42) and Panoptes holding the same samples
 * (Prometheus scrapes itself and remote-writes to Panoptes): the answers must have the same JSON
 * shape (keys, value kinds, result types, error types and status codes), and the same bytes
 * where no semantic changed between Prometheus 2.42 and 3.
 */
class PrometheusApiCompatibilityTest {

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void answersHaveTheShapeOfPrometheusAnswers() throws Exception {
        String prometheus = RemoteWritingPrometheus.binary();
        assumeTrue(prometheus != null, RemoteWritingPrometheus.NOT_INSTALLED);
        PanoptesConfig config = PanoptesConfig.defaults().withDataDir(dir.resolve("panoptes")).withServer(new ServerSettings(null, 0, null, null, null))
                .withOtlp(OtlpSettings.closed()).withScrapeConfigs(List.of());
        try (PanoptesServer panoptes = PanoptesServer.start(config)) {
            try (RemoteWritingPrometheus peer = RemoteWritingPrometheus.start(prometheus, dir, panoptes.httpPort(), false)) {
                int port = peer.port();
                long t = newestUpSample(panoptes.metricsStorage().forTenant(TenantId.of("anonymous")), port);
                String time = Long.toString(t / 1000);
                String theirs = "http://127.0.0.1:" + port;
                String ours = "http://127.0.0.1:" + panoptes.httpPort();
                // Same bytes: nothing about these changed between Prometheus 2.42 and 3.
                for (String request : List.of(
                        "/api/v1/query?query=" + enc("up") + "&time=" + time,
                        "/api/v1/query?query=" + enc("sum by (job) (up)") + "&time=" + time,
                        "/api/v1/query?query=" + enc("1 + 1.5") + "&time=" + time + ".25",
                        "/api/v1/query?query=" + enc("\"text\"") + "&time=" + time,
                        "/api/v1/query_range?query=" + enc("up") + "&start=" + (t / 1000 - 4) + "&end=" + time + "&step=2",
                        "/api/v1/query_range?query=up&start=10&end=2&step=1",
                        "/api/v1/query_range?query=up&start=0&end=100000&step=1",
                        "/api/v1/series?match[]=up&start=" + (t / 1000 - 60) + "&end=" + time,
                        "/api/v1/label/job/values?match[]=up",
                        "/api/v1/series")) {
                    Answer a = get(theirs + request);
                    Answer b = get(ours + request);
                    assertThat(b.status).as(request).isEqualTo(a.status);
                    assertThat(b.body).as(request).isEqualTo(a.body);
                }
                // Same shape: values depend on which samples each side saw at request time, or on
                // messages worded differently across versions.
                for (String request : List.of(
                        "/api/v1/query?query=" + enc("rate(prometheus_http_requests_total[1m])") + "&time=" + time,
                        "/api/v1/query?query=" + enc("topk(3, prometheus_tsdb_head_series)") + "&time=" + time,
                        "/api/v1/query?query=" + enc("up[5s]") + "&time=" + time,
                        "/api/v1/query?query=" + enc("scalar(count(up))") + "&time=" + time,
                        "/api/v1/query?query=" + enc("sum(") + "&time=" + time,
                        "/api/v1/query?query=" + enc("up") + "&time=abc",
                        "/api/v1/query_range?query=" + enc("sum(rate(prometheus_http_requests_total[10s]))") + "&start=" + (t / 1000 - 10)
                                + "&end=" + time + "&step=5s&stats=all",
                        "/api/v1/labels?match[]=up",
                        "/api/v1/format_query?query=" + enc("sum  by(job)(up)"),
                        "/api/v1/status/buildinfo")) {
                    Answer a = get(theirs + request);
                    Answer b = get(ours + request);
                    assertThat(b.status).as(request).isEqualTo(a.status);
                    List<String> differences = new ArrayList<>();
                    compareShape("$", json.readTree(a.body), json.readTree(b.body), differences);
                    assertThat(differences).as(request + "\nPrometheus: " + a.body + "\nPanoptes:   " + b.body).isEmpty();
                }
            }
        }
    }

    /** Waits for remote-written {@code up} samples and returns the newest one's time (ms), a whole second. */
    private long newestUpSample(Storage storage, int port) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            List<Long> times = new ArrayList<>();
            try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE),
                        List.of(LabelMatcher.equal("__name__", "up"), LabelMatcher.equal("instance", "127.0.0.1:" + port)));
                SampleIterator it = null;
                while (set.next()) {
                    it = set.at().iterator(it);
                    while (it.next() == ValueType.FLOAT) {
                        times.add(it.atT());
                    }
                }
            }
            if (times.size() >= 6) {
                // A whole second at or after the newest sample, so that both sides see it through the lookback.
                return (times.get(times.size() - 1) / 1000 + 1) * 1000;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no remote-written samples from Prometheus within 60 s; log:\n"
                + String.join("\n", Files.readAllLines(dir.resolve("prometheus.log")).stream().limit(40).toList()));
    }

    private record Answer(int status, String body) {
    }

    private Answer get(String url) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    /** Same node kinds; objects with the same keys (label objects excepted); arrays compared by their first element. */
    private static void compareShape(String path, JsonNode a, JsonNode b, List<String> differences) {
        if (a.getNodeType() != b.getNodeType()) {
            differences.add(path + ": " + a.getNodeType() + " in Prometheus, " + b.getNodeType() + " in Panoptes");
            return;
        }
        if (a.isObject()) {
            boolean labels = path.endsWith(".metric") || path.endsWith(".seriesLabels") || path.endsWith(".labels");
            TreeSet<String> keysA = new TreeSet<>();
            a.fieldNames().forEachRemaining(keysA::add);
            TreeSet<String> keysB = new TreeSet<>();
            b.fieldNames().forEachRemaining(keysB::add);
            // Panoptes may write more (Prometheus 3 added fields since 2.42), never less.
            TreeSet<String> missing = labels ? new TreeSet<>() : missingBeyondKnownGaps(path, keysA, keysB);
            if (!missing.isEmpty()) {
                differences.add(path + ": Panoptes lacks " + missing);
            }
            Iterator<String> names = a.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (b.has(name) && !labels) {
                    compareShape(path + "." + name, a.get(name), b.get(name), differences);
                }
            }
        } else if (a.isArray() && !a.isEmpty() && !b.isEmpty()) {
            compareShape(path + "[0]", a.get(0), b.get(0), differences);
        }
    }

    /**
     * Fields Panoptes does not write yet, by JSON path, each with its reason; everything else
     * Prometheus writes must be there. None at present.
     */
    private static final Map<String, Set<String>> KNOWN_GAPS = Map.of();

    private static TreeSet<String> missingBeyondKnownGaps(String path, TreeSet<String> keysA, TreeSet<String> keysB) {
        TreeSet<String> missing = new TreeSet<>(keysA);
        missing.removeAll(keysB);
        missing.removeAll(KNOWN_GAPS.getOrDefault(path, Set.of()));
        return missing;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
