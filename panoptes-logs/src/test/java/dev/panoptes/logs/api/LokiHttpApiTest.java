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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LokiHttpApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A recent whole second, so that pushes pass the age limit and times are easy to write. */
    static final long T0 = (System.currentTimeMillis() / 1000 - 600);

    @TempDir
    Path dir;
    LogsTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LogsTestServer(dir, LogLimits.defaults());
        String body = "{\"streams\":["
                + "{\"stream\":{\"app\":\"api\",\"env\":\"prod\"},\"values\":[" + values("api", 0, 2, 4) + "]},"
                + "{\"stream\":{\"app\":\"web\",\"env\":\"dev\"},\"values\":[" + values("web", 1, 3) + ",[\"" + ns(5)
                + "\",\"web error with user\",{\"user\":\"u1\"}]]}]}";
        assertThat(server.post("/loki/api/v1/push", MediaType.JSON, body.getBytes(StandardCharsets.UTF_8)).status().code()).isEqualTo(204);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static String ns(int second) {
        return (T0 + second) + "000000000";
    }

    static String values(String app, int... seconds) {
        List<String> out = new ArrayList<>();
        for (int s : seconds) {
            out.add("[\"" + ns(s) + "\",\"" + app + (s % 2 == 0 ? " ok " : " error ") + s + "\"]");
        }
        return String.join(",", out);
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    JsonNode getJson(String pathAndQuery) throws Exception {
        AggregatedHttpResponse response = server.get(pathAndQuery);
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        assertThat(response.contentType().is(MediaType.JSON)).isTrue();
        return JSON.readTree(response.contentUtf8());
    }

    /** Every value of a streams result as "labels ns line", in response order. */
    static List<String> entries(JsonNode root) {
        List<String> out = new ArrayList<>();
        for (JsonNode stream : root.path("data").path("result")) {
            for (JsonNode value : stream.path("values")) {
                out.add(stream.path("stream").toString() + " " + value.get(0).asText() + " " + value.get(1).asText());
            }
        }
        return out;
    }

    @Test
    void queryRangeAnswersInLokisStreamsShape() throws Exception {
        JsonNode root = getJson("/loki/api/v1/query_range?query=" + q("{env=~\"prod|dev\"} |= \"error\"") + "&start=" + T0
                + "&end=" + (T0 + 60) + "&direction=forward");
        assertThat(root.path("status").asText()).isEqualTo("success");
        assertThat(root.path("data").path("resultType").asText()).isEqualTo("streams");
        // Each pushed entry got its detected_level, which joins the labels as structured metadata does.
        assertThat(entries(root)).containsExactly(
                "{\"app\":\"web\",\"detected_level\":\"error\",\"env\":\"dev\",\"service_name\":\"web\"} " + ns(1) + " web error 1",
                "{\"app\":\"web\",\"detected_level\":\"error\",\"env\":\"dev\",\"service_name\":\"web\"} " + ns(3) + " web error 3",
                "{\"app\":\"web\",\"detected_level\":\"error\",\"env\":\"dev\",\"service_name\":\"web\",\"user\":\"u1\"} " + ns(5)
                        + " web error with user");
        JsonNode summary = root.path("data").path("stats").path("summary");
        assertThat(summary.path("totalLinesProcessed").asLong()).isEqualTo(6);
        assertThat(summary.path("totalPostFilterLines").asLong()).isEqualTo(3);
        assertThat(summary.path("totalEntriesReturned").asLong()).isEqualTo(3);
    }

    @Test
    void backwardIsTheDefaultAndTheLimitCountsAcrossStreams() throws Exception {
        JsonNode root = getJson("/loki/api/v1/query_range?query=" + q("{app=~\".+\"}") + "&start=" + ns(0) + "&end=" + ns(60) + "&limit=2");
        assertThat(entries(root)).extracting(s -> s.substring(s.lastIndexOf('}') + 2))
                .containsExactlyInAnyOrder(ns(5) + " web error with user", ns(4) + " api ok 4");
    }

    @Test
    void acceptsLokisTimeFormatsWithEndExclusive() throws Exception {
        String query = "/loki/api/v1/query_range?direction=forward&query=" + q("{app=\"api\"}");
        String rfc3339 = Instant.ofEpochSecond(T0 + 2).toString();
        String fractional = (T0 + 4) + ".000000000";
        assertThat(entries(getJson(query + "&start=" + q(rfc3339) + "&end=" + fractional)))
                .extracting(s -> s.substring(s.lastIndexOf('}') + 2)).containsExactly(ns(2) + " api ok 2");
        assertThat(entries(getJson(query + "&start=" + ns(0) + "&end=" + (T0 + 4) + "000000001"))).hasSize(3);
    }

    @Test
    void formatQueryAnswersTheCanonicalFormAndRefusesInvalidQueries() throws Exception {
        JsonNode root = getJson("/loki/api/v1/format_query?query="
                + q("sum  by(app)(count_over_time({app=\"web\"}|=\"error\"|json|level=\"warn\"[5m]))"));
        assertThat(root.path("status").asText()).isEqualTo("success");
        String formatted = root.path("data").asText();
        assertThat(formatted).isEqualTo("sum by (app) (count_over_time({app=\"web\"} |= \"error\" | json | level=\"warn\" [5m]))");
        // The canonical form formats to itself.
        assertThat(getJson("/loki/api/v1/format_query?query=" + q(formatted)).path("data").asText()).isEqualTo(formatted);
        assertError("/loki/api/v1/format_query?query=" + q("{app=x}"),
                "parse error at line 1, col 6: syntax error: unexpected IDENTIFIER x, expecting STRING");
    }

    @Test
    void postedFormsWorkLikeQueryStrings() throws Exception {
        String form = "query=" + q("{app=\"web\"} != \"user\"") + "&start=" + T0 + "&end=" + (T0 + 60);
        AggregatedHttpResponse response = server.post("/loki/api/v1/query_range", MediaType.FORM_DATA, form.getBytes(StandardCharsets.UTF_8));
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(entries(JSON.readTree(response.contentUtf8()))).hasSize(2);
    }

    @Test
    void badQueriesAndParametersGet400WithLokisMessages() {
        assertError("/loki/api/v1/query_range?query=" + q("{app=x}"),
                "parse error at line 1, col 6: syntax error: unexpected IDENTIFIER x, expecting STRING");
        assertError("/loki/api/v1/query_range?query=" + q("{app=\"a\"}") + "&start=yesterday",
                "invalid start parameter: cannot parse \"yesterday\" as a timestamp (nanoseconds or seconds since the epoch, or RFC3339)");
        assertError("/loki/api/v1/query_range?query=" + q("{app=\"a\"}") + "&limit=6000",
                "max entries limit per query exceeded, limit > max_entries_limit_per_query (6000 > 5000)");
        assertError("/loki/api/v1/query_range?query=" + q("{app=\"a\"}") + "&limit=0", "limit must be a positive value");
        assertError("/loki/api/v1/query_range?query=" + q("{app=\"a\"}") + "&direction=sideways",
                "invalid direction 'sideways': use forward or backward");
        assertError("/loki/api/v1/query_range?query=" + q("{app=\"a\"}") + "&start=20&end=10",
                "end timestamp must not be before or equal to start time");
        assertError("/loki/api/v1/query?query=" + q("{app=\"a\"}"),
                "log queries are not supported as an instant query type, please change your query to a range query type");
        assertError("/loki/api/v1/query_range?query=" + q("{app=\"a\"} | line_format \"{{.a\""),
                "parse error at line 1, col 25: invalid line template: template: line:1: unclosed action");
        assertError("/loki/api/v1/query_range?query=" + q("sum(rate({app=\"a\"}[1m]))") + "&start=0&end=100000&step=1",
                "exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter");
        assertError("/loki/api/v1/query_range?query=" + q("rate({app=\"a\"}[1m])") + "&step=0",
                "zero or negative query resolution step widths are not accepted. Try a positive integer");
        assertError("/loki/api/v1/query_range?query=" + q("sum_over_time({app=\"a\"}[1m])"),
                "parse error at line 1, col 1: invalid aggregation sum_over_time without unwrap");
        assertError("/loki/api/v1/labels?query=" + q("{app=\"a\"} |= \"x\""),
                "a label or series lookup takes a stream selector without a pipeline: {app=\"a\"} |= \"x\"");
    }

    private void assertError(String pathAndQuery, String message) {
        AggregatedHttpResponse response = server.get(pathAndQuery);
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.contentUtf8()).isEqualTo(message + "\n");
    }

    @Test
    void listsLabelsValuesAndSeries() throws Exception {
        String range = "start=" + T0 + "&end=" + (T0 + 60);
        assertThat(getJson("/loki/api/v1/labels?" + range).path("data").toString()).isEqualTo("[\"app\",\"env\",\"service_name\"]");
        assertThat(getJson("/loki/api/v1/label?" + range).path("data").toString()).as("the older name").isEqualTo("[\"app\",\"env\",\"service_name\"]");
        assertThat(getJson("/loki/api/v1/labels?" + range + "&query=" + q("{app=\"api\"}")).path("data").toString())
                .isEqualTo("[\"app\",\"env\",\"service_name\"]");
        assertThat(getJson("/loki/api/v1/label/app/values?" + range).path("data").toString()).isEqualTo("[\"api\",\"web\"]");
        assertThat(getJson("/loki/api/v1/label/app/values?" + range + "&query=" + q("{env=\"dev\"}")).path("data").toString())
                .isEqualTo("[\"web\"]");
        assertThat(getJson("/loki/api/v1/label/app/values?start=" + (T0 + 3600) + "&end=" + (T0 + 7200)).path("data").toString())
                .isEqualTo("[]");
        assertThat(getJson("/loki/api/v1/series?" + range + "&match[]=" + q("{app=\"api\"}") + "&match[]=" + q("{env=\"dev\"}"))
                .path("data").toString()).isEqualTo("[{\"app\":\"api\",\"env\":\"prod\",\"service_name\":\"api\"},"
                        + "{\"app\":\"web\",\"env\":\"dev\",\"service_name\":\"web\"}]");
    }

    @Test
    void tenantsDoNotSeeEachOthersLogs() throws Exception {
        AggregatedHttpResponse other = server.client.execute(com.linecorp.armeria.common.RequestHeaders.builder(
                com.linecorp.armeria.common.HttpMethod.GET, "/loki/api/v1/labels?start=" + T0 + "&end=" + (T0 + 60))
                .set("X-Scope-OrgID", "tenant-b").build()).aggregate().join();
        assertThat(JSON.readTree(other.contentUtf8()).path("data").toString()).isEqualTo("[]");
    }

    @Test
    void answersAreTheSameOnceChunksAreFlushedToBlocks() throws Exception {
        String query = "/loki/api/v1/query_range?query=" + q("{env=~\"prod|dev\"}") + "&start=" + T0 + "&end=" + (T0 + 60) + "&direction=forward";
        List<String> before = entries(getJson(query));
        String labelsBefore = getJson("/loki/api/v1/labels?start=" + T0 + "&end=" + (T0 + 60)).path("data").toString();
        server.stores.flush();
        assertThat(server.stores.opened().get(0).chunkStatistics()[0]).as("chunks in memory after the flush").isZero();
        assertThat(entries(getJson(query))).hasSize(6).isEqualTo(before);
        assertThat(getJson("/loki/api/v1/labels?start=" + T0 + "&end=" + (T0 + 60)).path("data").toString()).isEqualTo(labelsBefore);
    }
}
