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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LokiDeleteApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long T0 = System.currentTimeMillis() / 1000 - 600;

    @TempDir
    Path dir;

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void push(LogsTestServer server) {
        List<String> values = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            values.add("[\"" + (T0 + s) + "000000000\",\"" + (s % 2 == 0 ? "token=secret" : "ok") + " line " + s + "\"]");
        }
        String body = "{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[" + String.join(",", values) + "]},"
                + "{\"stream\":{\"app\":\"web\"},\"values\":[[\"" + (T0 + 2) + "000000000\",\"token=secret web\"]]}]}";
        assertThat(server.post("/loki/api/v1/push", MediaType.JSON, body.getBytes(StandardCharsets.UTF_8)).status().code()).isEqualTo(204);
    }

    private static List<String> lines(LogsTestServer server) throws Exception {
        AggregatedHttpResponse r = server.get("/loki/api/v1/query_range?query=" + q("{app=~\".+\"}") + "&start=" + (T0 - 1) + "&end=" + (T0 + 60)
                + "&direction=forward");
        assertThat(r.status().code()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode stream : JSON.readTree(r.contentUtf8()).path("data").path("result")) {
            for (JsonNode v : stream.path("values")) {
                out.add(v.get(1).asText());
            }
        }
        return out;
    }

    private static AggregatedHttpResponse requestDelete(LogsTestServer server, String query, String start, String end) {
        String path = "/loki/api/v1/delete?query=" + q(query) + (start != null ? "&start=" + start : "") + (end != null ? "&end=" + end : "");
        return server.post(path, MediaType.PLAIN_TEXT, new byte[0]);
    }

    @Test
    void refusesBadRequestsWithLokisMessages() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir, LogLimits.defaults())) {
            String now = String.valueOf(System.currentTimeMillis() / 1000);
            AggregatedHttpResponse noQuery = server.post("/loki/api/v1/delete?start=" + T0, MediaType.PLAIN_TEXT, new byte[0]);
            assertThat(noQuery.status().code()).isEqualTo(400);
            assertThat(noQuery.contentUtf8()).isEqualTo("query not set\n");
            assertThat(requestDelete(server, "{app=\"api\"", String.valueOf(T0), now).contentUtf8()).isEqualTo("invalid query expression\n");
            assertThat(requestDelete(server, "count_over_time({app=\"api\"}[1m])", String.valueOf(T0), now).contentUtf8())
                    .isEqualTo("invalid query expression\n");
            assertThat(requestDelete(server, "{app=\"api\"}", null, now).contentUtf8()).isEqualTo("start time not set\n");
            assertThat(requestDelete(server, "{app=\"api\"}", "yesterday", now).contentUtf8())
                    .isEqualTo("invalid start time: require unix seconds or RFC3339 format\n");
            assertThat(requestDelete(server, "{app=\"api\"}", String.valueOf(T0), String.valueOf(T0 + 100_000)).contentUtf8())
                    .isEqualTo("deletes in the future are not allowed\n");
            AggregatedHttpResponse backwards = requestDelete(server, "{app=\"api\"}", String.valueOf(T0 + 5), String.valueOf(T0 + 5));
            assertThat(backwards.status().code()).isEqualTo(400);
            assertThat(backwards.contentUtf8()).isEqualTo("start time can't be greater than or equal to end time\n");
            AggregatedHttpResponse unknown = server.delete("/loki/api/v1/delete?request_id=deadbeef");
            assertThat(unknown.status().code()).isEqualTo(404);
            assertThat(unknown.contentUtf8()).isEqualTo("could not find delete request with given id\n");
        }
    }

    @Test
    void acceptedRequestsHideLinesAreListedSurviveRestartAndCanBeCancelled() throws Exception {
        String id;
        List<String> all;
        try (LogsTestServer server = new LogsTestServer(dir, LogLimits.defaults())) {
            push(server);
            all = lines(server);
            assertThat(all).hasSize(11);
            AggregatedHttpResponse accepted = requestDelete(server, "{app=\"api\"} |= \"secret\"", String.valueOf(T0 + 2), String.valueOf(T0 + 6));
            assertThat(accepted.status().code()).isEqualTo(204);
            id = accepted.headers().get("X-Delete-Request-ID");
            assertThat(id).matches("[0-9a-f]{8}");
            assertThat(lines(server)).containsExactlyInAnyOrder("token=secret line 0", "ok line 1", "ok line 3", "ok line 5", "ok line 7",
                    "token=secret line 8", "ok line 9", "token=secret web");
        }
        try (LogsTestServer server = new LogsTestServer(dir, LogLimits.defaults())) {
            AggregatedHttpResponse list = server.get("/loki/api/v1/delete");
            assertThat(list.status().code()).isEqualTo(200);
            JsonNode requests = JSON.readTree(list.contentUtf8());
            assertThat(requests).hasSize(1);
            JsonNode r = requests.get(0);
            assertThat(r.path("request_id").asText()).isEqualTo(id);
            assertThat(r.path("query").asText()).isEqualTo("{app=\"api\"} |= \"secret\"");
            assertThat(r.path("status").asText()).isEqualTo("received");
            assertThat(r.path("start_time").isNumber()).isTrue();
            assertThat(r.path("start_time").asLong()).isEqualTo(T0 + 2);
            assertThat(r.path("end_time").asLong()).isEqualTo(T0 + 6);
            assertThat(r.path("created_at").asDouble()).isGreaterThan(T0);
            assertThat(lines(server)).hasSize(8);
            assertThat(server.delete("/loki/api/v1/delete?request_id=" + id).status().code()).isEqualTo(204);
            assertThat(lines(server)).containsExactlyInAnyOrderElementsOf(all);
            assertThat(server.get("/loki/api/v1/delete").contentUtf8()).isEqualTo("[]");
        }
    }

    @Test
    void processedRequestsCannotBeCancelled() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir, LogLimits.defaults())) {
            push(server);
            AggregatedHttpResponse accepted = requestDelete(server, "{app=\"web\"}", String.valueOf(T0), String.valueOf(T0 + 9));
            String id = accepted.headers().get("X-Delete-Request-ID");
            server.stores.forTenant(dev.panoptes.core.tenant.TenantId.of("tenant-a")).processDeletes(System.currentTimeMillis());
            assertThat(lines(server)).hasSize(10).doesNotContain("token=secret web");
            AggregatedHttpResponse refused = server.delete("/loki/api/v1/delete?request_id=" + id);
            assertThat(refused.status().code()).isEqualTo(400);
            assertThat(refused.contentUtf8()).isEqualTo("deletion of request which is in process or already processed is not allowed\n");
            assertThat(JSON.readTree(server.get("/loki/api/v1/delete").contentUtf8()).get(0).path("status").asText()).isEqualTo("processed");
        }
    }

    @Test
    void printsDurationsAsGoDoes() {
        assertThat(LokiDeleteApi.goDuration(Duration.ofHours(24))).isEqualTo("24h0m0s");
        assertThat(LokiDeleteApi.goDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
    }
}
