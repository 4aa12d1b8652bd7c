package dev.panoptes.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import dev.panoptes.logs.LogsTestServer;
import dev.panoptes.logs.ingest.LogLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /detected_fields} over pushed JSON and logfmt lines with structured metadata. */
class DetectedFieldsEndpointTest {

    static final long T0 = System.currentTimeMillis() / 1000 - 600;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    LogsTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LogsTestServer(dir, LogLimits.defaults());
        // Two JSON lines with trace_id metadata (oldest first), then two logfmt lines in another stream.
        String body = "{\"streams\":[{\"stream\":{\"app\":\"api\",\"env\":\"prod\"},\"values\":["
                + "[\"" + ns(0) + "\",\"{\\\"level\\\":\\\"info\\\",\\\"status\\\":200,\\\"latency\\\":\\\"15ms\\\",\\\"user\\\":{\\\"id\\\":\\\"u1\\\"},"
                + "\\\"ok\\\":true,\\\"app\\\":\\\"checkout\\\"}\",{\"trace_id\":\"abc\"}],"
                + "[\"" + ns(1) + "\",\"{\\\"level\\\":\\\"error\\\",\\\"status\\\":500,\\\"latency\\\":\\\"1.5s\\\",\\\"user\\\":{\\\"id\\\":\\\"u2\\\"},"
                + "\\\"ok\\\":false,\\\"app\\\":\\\"checkout\\\"}\",{\"trace_id\":\"def\"}]]},"
                + "{\"stream\":{\"app\":\"web\",\"env\":\"prod\"},\"values\":["
                + "[\"" + ns(2) + "\",\"level=warn duration=2.5 size=10KB msg=\\\"hello world\\\"\"],"
                + "[\"" + ns(3) + "\",\"level=info duration=0.5 size=\\\"3 MB\\\" msg=bye\"]]}]}";
        AggregatedHttpResponse pushed = server.post("/loki/api/v1/push", MediaType.JSON, body.getBytes(StandardCharsets.UTF_8));
        assertThat(pushed.status().code()).as(pushed.contentUtf8()).isEqualTo(204);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static String ns(long second) {
        return (T0 + second) + "000000000";
    }

    AggregatedHttpResponse fields(String query, String extra) {
        return server.get("/loki/api/v1/detected_fields?query=" + LokiHttpApiTest.q(query) + "&start=" + ns(0) + "&end=" + ns(60) + extra);
    }

    JsonNode ok(String query, String extra) throws Exception {
        AggregatedHttpResponse response = fields(query, extra);
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        return JSON.readTree(response.contentUtf8());
    }

    static String field(String label, String type, int cardinality, String parsers, String jsonPath) {
        return "{\"label\":\"" + label + "\",\"type\":\"" + type + "\",\"cardinality\":" + cardinality + ",\"parsers\":" + parsers
                + (jsonPath == null ? "" : ",\"jsonPath\":" + jsonPath) + "}";
    }

    @Test
    void findsMetadataAndJsonAndLogfmtFieldsWithTypesAndCardinalities() throws Exception {
        // Stream labels are not fields; a JSON key that clashes with one is app_extracted. The
        // detected_level every pushed entry got is structured metadata, so a field.
        assertThat(ok("{env=\"prod\"}", "").toString()).isEqualTo("{\"fields\":["
                + field("app_extracted", "string", 1, "[\"json\"]", "[\"app\"]") + ","
                + field("detected_level", "string", 3, "null", null) + ","
                + field("duration", "float", 2, "[\"logfmt\"]", null) + ","
                + field("latency", "duration", 2, "[\"json\"]", "[\"latency\"]") + ","
                + field("level", "string", 3, "[\"logfmt\",\"json\"]", "[\"level\"]") + ","
                + field("msg", "string", 2, "[\"logfmt\"]", null) + ","
                + field("ok", "boolean", 2, "[\"json\"]", "[\"ok\"]") + ","
                + field("size", "bytes", 2, "[\"logfmt\"]", null) + ","
                + field("status", "int", 2, "[\"json\"]", "[\"status\"]") + ","
                + field("trace_id", "string", 2, "null", null) + ","
                + field("user_id", "string", 2, "[\"json\"]", "[\"user\",\"id\"]")
                + "],\"limit\":1000}");
    }

    @Test
    void readsOnlyTheMostRecentLinesAndKeepsTheFirstFieldsFound() throws Exception {
        // The two newest lines are the logfmt ones.
        assertThat(ok("{env=\"prod\"}", "&line_limit=2").toString()).isEqualTo("{\"fields\":["
                + field("detected_level", "string", 2, "null", null) + ","
                + field("duration", "float", 2, "[\"logfmt\"]", null) + ","
                + field("level", "string", 2, "[\"logfmt\"]", null) + ","
                + field("msg", "string", 2, "[\"logfmt\"]", null) + ","
                + field("size", "bytes", 2, "[\"logfmt\"]", null) + "],\"limit\":1000}");
        assertThat(ok("{env=\"prod\"}", "&line_limit=2&limit=2").toString()).isEqualTo("{\"fields\":["
                + field("detected_level", "string", 2, "null", null) + ","
                + field("duration", "float", 2, "[\"logfmt\"]", null) + "],\"limit\":2}");
        assertThat(ok("{env=\"prod\"}", "&line_limit=2&field_limit=1").path("fields").size()).isEqualTo(1);
    }

    @Test
    void aQueryWithAParserAndAFilterReportsTheLinesItKeeps() throws Exception {
        assertThat(ok("{env=\"prod\"} | logfmt | level=\"warn\"", "").toString()).isEqualTo("{\"fields\":["
                + field("detected_level", "string", 1, "null", null) + ","
                + field("duration", "float", 1, "[\"logfmt\"]", null) + ","
                + field("level", "string", 1, "[\"logfmt\"]", null) + ","
                + field("msg", "string", 1, "[\"logfmt\"]", null) + ","
                + field("size", "bytes", 1, "[\"logfmt\"]", null) + "],\"limit\":1000}");
        assertThat(ok("{app=\"api\"} | json | status >= 500", "").path("fields").toString()).contains(
                field("status", "int", 1, "[\"json\"]", "[\"status\"]"), field("trace_id", "string", 1, "null", null));
        // Nothing selected: no fields and no limit, as Loki answers.
        assertThat(ok("{env=\"none\"}", "").toString()).isEqualTo("{}");
    }

    @Test
    void refusesMetricQueriesBadQueriesAndBadLimits() {
        assertThat(fields("sum(count_over_time({env=\"prod\"}[1m]))", "").status().code()).isEqualTo(400);
        assertThat(fields("{env=\"prod\"", "").status().code()).isEqualTo(400);
        AggregatedHttpResponse zero = fields("{env=\"prod\"}", "&line_limit=0");
        assertThat(zero.status().code()).isEqualTo(400);
        assertThat(zero.contentUtf8()).isEqualTo("limit must be a positive value\n");
        assertThat(fields("{env=\"prod\"}", "&line_limit=6000").contentUtf8())
                .isEqualTo("max entries limit per query exceeded, limit > max_entries_limit_per_query (6000 > 5000)\n");
    }

    JsonNode values(String name, String query, String extra) throws Exception {
        AggregatedHttpResponse response = server.get("/loki/api/v1/detected_field/" + name + "/values?query=" + LokiHttpApiTest.q(query)
                + "&start=" + ns(0) + "&end=" + ns(60) + extra);
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        return JSON.readTree(response.contentUtf8());
    }

    @Test
    void aFieldsValuesComeFromMetadataAndParsingWithByteSizesWrittenAsLokiWritesThem() throws Exception {
        assertThat(values("level", "{env=\"prod\"}", "").toString())
                .isEqualTo("{\"values\":[\"error\",\"info\",\"warn\"],\"limit\":1000}");
        assertThat(values("trace_id", "{env=\"prod\"}", "").toString()).as("structured metadata")
                .isEqualTo("{\"values\":[\"abc\",\"def\"],\"limit\":1000}");
        assertThat(values("size", "{app=\"web\"}", "").toString()).as("10KB and \"3 MB\" in SI form, without the space")
                .isEqualTo("{\"values\":[\"10kB\",\"3.0MB\"],\"limit\":1000}");
        assertThat(values("user_id", "{app=\"api\"}", "").toString()).as("a nested JSON key")
                .isEqualTo("{\"values\":[\"u1\",\"u2\"],\"limit\":1000}");
        assertThat(values("status", "{app=\"api\"} | json | status >= 500", "").toString()).as("the query's own filter")
                .isEqualTo("{\"values\":[\"500\"],\"limit\":1000}");
        assertThat(values("nothing", "{env=\"prod\"}", "").toString()).isEqualTo("{}");
        // Lines stop being read once the limit is reached: the newest line first (info), then warn.
        assertThat(values("level", "{env=\"prod\"}", "&limit=2").get("values")).hasSize(2);
        AggregatedHttpResponse metric = server.get("/loki/api/v1/detected_field/level/values?query="
                + LokiHttpApiTest.q("count_over_time({env=\"prod\"}[1m])"));
        assertThat(metric.status().code()).isEqualTo(400);
    }

    @Test
    void byteSizesWithAUnitAreRewrittenAndOtherValuesKept() {
        assertThat(DetectedFieldsEndpoint.bytesAsLokiWritesThem("1024 MB")).isEqualTo("1.0GB");
        assertThat(DetectedFieldsEndpoint.bytesAsLokiWritesThem("1024KB")).isEqualTo("1.0MB");
        assertThat(DetectedFieldsEndpoint.bytesAsLokiWritesThem("2KiB")).isEqualTo("2.0kB");
        assertThat(DetectedFieldsEndpoint.bytesAsLokiWritesThem("5b")).isEqualTo("5B");
        assertThat(DetectedFieldsEndpoint.bytesAsLokiWritesThem("83000000b")).isEqualTo("83MB");
        assertThat(DetectedFieldsEndpoint.bytesAsLokiWritesThem("1024")).as("no unit").isEqualTo("1024");
        assertThat(DetectedFieldsEndpoint.bytesAsLokiWritesThem("15ms")).as("a duration").isEqualTo("15ms");
        assertThat(DetectedFieldsEndpoint.bytesAsLokiWritesThem("debug")).isEqualTo("debug");
        assertThat(DetectedFieldsEndpoint.bytesAsLokiWritesThem("")).isEqualTo("");
    }
}
