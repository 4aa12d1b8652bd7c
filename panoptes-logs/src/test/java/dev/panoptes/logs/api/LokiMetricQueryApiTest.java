package dev.panoptes.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import dev.panoptes.logs.LogsTestServer;
import dev.panoptes.logs.ingest.LogLimits;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metric queries over the HTTP API, on entries pushed through the push endpoint. */
class LokiMetricQueryApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A recent whole minute, so that pushes pass the age limit and steps fall on round times. */
    static final long T0 = (System.currentTimeMillis() / 1000 - 600) / 60 * 60;

    @TempDir
    Path dir;
    LogsTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LogsTestServer(dir, LogLimits.defaults());
        // api: an entry every 10 s from 10 s to 60 s, with a latency in structured metadata; web: at 15 s and 45 s.
        StringBuilder api = new StringBuilder();
        for (int s = 10; s <= 60; s += 10) {
            api.append(api.isEmpty() ? "" : ",").append("[\"").append(ns(s)).append("\",\"GET /x ").append(s)
                    .append("\",{\"latency\":\"").append(s / 10).append("ms\",\"user\":\"u").append(s % 20).append("\"}]");
        }
        String body = "{\"streams\":["
                + "{\"stream\":{\"app\":\"api\",\"env\":\"prod\"},\"values\":[" + api + "]},"
                + "{\"stream\":{\"app\":\"web\",\"env\":\"prod\"},\"values\":[[\"" + ns(15) + "\",\"w1\"],[\"" + ns(45) + "\",\"w2\"]]}]}";
        assertThat(server.post("/loki/api/v1/push", MediaType.JSON, body.getBytes(StandardCharsets.UTF_8)).status().code()).isEqualTo(204);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static String ns(int second) {
        return (T0 + second) + "000000000";
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    JsonNode getJson(String pathAndQuery) throws Exception {
        AggregatedHttpResponse response = server.get(pathAndQuery);
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        return JSON.readTree(response.contentUtf8());
    }

    /** Each series of a matrix as "metric t=v t=v", times in seconds after T0. */
    static List<String> matrix(JsonNode root) {
        assertThat(root.path("data").path("resultType").asText()).isEqualTo("matrix");
        List<String> out = new ArrayList<>();
        for (JsonNode series : root.path("data").path("result")) {
            StringBuilder b = new StringBuilder(series.path("metric").toString());
            for (JsonNode point : series.path("values")) {
                b.append(' ').append(point.get(0).asLong() - T0).append('=').append(point.get(1).asText());
            }
            out.add(b.toString());
        }
        return out;
    }

    String range(String query, int start, int end, String step) {
        return "/loki/api/v1/query_range?query=" + q(query) + "&start=" + ns(start) + "&end=" + ns(end) + (step == null ? "" : "&step=" + step);
    }

    @Test
    void queryRangeAnswersAMatrixAtEachStep() throws Exception {
        JsonNode root = getJson(range("count_over_time({app=\"web\"} |= \"w\"[20s])", 20, 60, "20"));
        // Windows (0,20], (20,40], (40,60]: the entries at 15 s and 45 s.
        // The pushed entries' detected_level is structured metadata, so it is a label of the series.
        assertThat(matrix(root)).containsExactly("{\"app\":\"web\",\"detected_level\":\"unknown\",\"env\":\"prod\",\"service_name\":\"web\"} 20=1 60=1");
        JsonNode summary = root.path("data").path("stats").path("summary");
        assertThat(summary.path("totalLinesProcessed").asLong()).isEqualTo(2);
        assertThat(summary.path("totalEntriesReturned").asLong()).isEqualTo(2);
    }

    @Test
    void sumByAndRatesOverTheApi() throws Exception {
        assertThat(matrix(getJson(range("sum by (app) (count_over_time({env=\"prod\"}[20s]))", 20, 60, "20s")))).containsExactly(
                "{\"app\":\"api\"} 20=2 40=2 60=2",
                "{\"app\":\"web\"} 20=1 60=1");
        assertThat(matrix(getJson(range("sum(rate({app=\"api\"}[20s]))", 40, 40, "1")))).containsExactly("{} 40=0.1");
    }

    @Test
    void unwrapsDurationsFromStructuredMetadata() throws Exception {
        // Latencies 1..6 ms; at 60 s the window (0 s, 60 s] holds all six.
        assertThat(matrix(getJson(range("max by (app) (max_over_time({app=\"api\"} | unwrap duration(latency) [1m]))", 60, 60, "1"))))
                .containsExactly("{\"app\":\"api\"} 60=0.006");
    }

    @Test
    void instantQueryAnswersAVectorOrAScalar() throws Exception {
        JsonNode vector = getJson("/loki/api/v1/query?query=" + q("sum by (env) (count_over_time({env=\"prod\"}[1m]))") + "&time=" + ns(60));
        assertThat(vector.path("data").path("resultType").asText()).isEqualTo("vector");
        JsonNode sample = vector.path("data").path("result").get(0);
        assertThat(sample.path("metric").toString()).isEqualTo("{\"env\":\"prod\"}");
        assertThat(sample.path("value").get(0).asLong()).isEqualTo(T0 + 60);
        assertThat(sample.path("value").get(1).asText()).isEqualTo("8");
        assertThat(vector.path("data").path("stats").path("summary").path("totalEntriesReturned").asLong()).isEqualTo(1);

        JsonNode scalar = getJson("/loki/api/v1/query?query=" + q("2 * 3") + "&time=" + ns(60));
        assertThat(scalar.path("data").path("resultType").asText()).isEqualTo("scalar");
        assertThat(scalar.path("data").path("result").toString()).isEqualTo("[" + (T0 + 60) + ",\"6\"]");
    }

    @Test
    void defaultStepIsTheRangeOver250InWholeSeconds() throws Exception {
        // 1000 s / 250 = 4 s: steps at 0, 4, ..., 1000 s; the web entry at 15 s counts at 16 s only, with a 2 s window.
        JsonNode root = getJson(range("count_over_time({app=\"web\"}[2s])", 0, 1000, null));
        assertThat(matrix(root)).containsExactly("{\"app\":\"web\",\"detected_level\":\"unknown\",\"env\":\"prod\",\"service_name\":\"web\"} 16=1");
    }

    @Test
    void unwrappingANonNumericLabelIsAPipelineError() {
        AggregatedHttpResponse response = server.get(range("sum_over_time({app=\"api\"} | unwrap user [1m])", 60, 60, "1"));
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.contentUtf8()).startsWith("pipeline error: 'SampleExtractionErr' for series: '{__error__=\"SampleExtractionErr\", "
                + "__error_details__=\"strconv.ParseFloat: parsing \\\"u0\\\": invalid syntax\"");
    }

    @Test
    void metricQueriesKeepTheQueryLimits() {
        AggregatedHttpResponse tooManyPoints = server.get(range("rate({app=\"api\"}[1m])", 0, 12_000, "1"));
        assertThat(tooManyPoints.status().code()).isEqualTo(400);
        assertThat(tooManyPoints.contentUtf8()).isEqualTo(
                "exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter\n");
        AggregatedHttpResponse tooLong = server.get("/loki/api/v1/query_range?query=" + q("rate({app=\"api\"}[1m])")
                + "&start=0&end=" + ns(0) + "&step=3600");
        assertThat(tooLong.status().code()).isEqualTo(400);
        assertThat(tooLong.contentUtf8()).startsWith("the query time range exceeds the limit");
    }
}
