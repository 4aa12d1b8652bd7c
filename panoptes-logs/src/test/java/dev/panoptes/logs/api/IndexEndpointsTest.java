package dev.panoptes.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
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

/** {@code /index/stats}, {@code /index/volume}, {@code /index/volume_range} and {@code /detected_labels} against pushed data. */
class IndexEndpointsTest {

    /** A whole minute ten minutes back, so that buckets of a minute line up with it. */
    static final long T0 = (System.currentTimeMillis() / 60_000 - 10) * 60;

    /** Reads decimals as written, so that seconds with milliseconds print back as they came. */
    static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path dir;
    LogsTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LogsTestServer(dir, LogLimits.defaults());
        // api/prod: "aaaa" at +0s and "bbbbbb" at +70s (10 bytes); web/prod: "cc" at +10s; web/dev: "ddd" at +20s.
        push("{\"stream\":{\"app\":\"api\",\"env\":\"prod\",\"pod\":\"p-1\"},\"values\":[[\"" + ns(0) + "\",\"aaaa\"],[\"" + ns(70)
                + "\",\"bbbbbb\"]]}", "{\"stream\":{\"app\":\"web\",\"env\":\"prod\",\"pod\":\"p-2\"},\"values\":[[\"" + ns(10) + "\",\"cc\"]]}",
                "{\"stream\":{\"app\":\"web\",\"env\":\"dev\",\"pod\":\"p-3\"},\"values\":[[\"" + ns(20) + "\",\"ddd\"]]}");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static String ns(long second) {
        return (T0 + second) + "000000000";
    }

    void push(String... streams) {
        String body = "{\"streams\":[" + String.join(",", streams) + "]}";
        assertThat(server.post("/loki/api/v1/push", MediaType.JSON, body.getBytes(StandardCharsets.UTF_8)).status().code()).isEqualTo(204);
    }

    JsonNode get(String path) throws Exception {
        AggregatedHttpResponse response = server.get(path);
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        return EXACT.readTree(response.contentUtf8());
    }

    String range() {
        return "&start=" + ns(0) + "&end=" + ns(120);
    }

    @Test
    void indexStatsCountStreamsChunksBytesAndEntries() throws Exception {
        assertThat(get("/loki/api/v1/index/stats?query=" + LokiHttpApiTest.q("{env=\"prod\"}") + range()).toString())
                .isEqualTo("{\"streams\":2,\"chunks\":2,\"bytes\":12,\"entries\":3}");
        assertThat(get("/loki/api/v1/index/stats?query=" + LokiHttpApiTest.q("{app=~\".+\"}") + range()).toString())
                .isEqualTo("{\"streams\":3,\"chunks\":3,\"bytes\":15,\"entries\":4}");
        // The head counts its entries in range exactly.
        assertThat(get("/loki/api/v1/index/stats?query=" + LokiHttpApiTest.q("{app=\"api\"}") + "&start=" + ns(60) + "&end=" + ns(120))
                .toString()).isEqualTo("{\"streams\":1,\"chunks\":1,\"bytes\":6,\"entries\":1}");
        assertThat(get("/loki/api/v1/index/stats?query=" + LokiHttpApiTest.q("{app=\"none\"}") + range()).toString())
                .isEqualTo("{\"streams\":0,\"chunks\":0,\"bytes\":0,\"entries\":0}");
    }

    @Test
    void sealedChunksThatARangeCoversInPartCountInProportion() throws Exception {
        server.stores.flush();
        // The api chunk spans +0s..+70s; +35s..+70s is half of it: half its 10 bytes and 2 entries.
        assertThat(get("/loki/api/v1/index/stats?query=" + LokiHttpApiTest.q("{app=\"api\"}") + "&start=" + ns(35) + "&end=" + ns(120))
                .toString()).isEqualTo("{\"streams\":1,\"chunks\":1,\"bytes\":5,\"entries\":1}");
        assertThat(get("/loki/api/v1/index/stats?query=" + LokiHttpApiTest.q("{app=~\".+\"}") + range()).toString())
                .isEqualTo("{\"streams\":3,\"chunks\":3,\"bytes\":15,\"entries\":4}");
    }

    @Test
    void volumeAggregatesBytesByTheSelectorsLabelsAsAVector() throws Exception {
        JsonNode root = get("/loki/api/v1/index/volume?query=" + LokiHttpApiTest.q("{app=~\".+\"}") + range());
        assertThat(root.path("status").asText()).isEqualTo("success");
        assertThat(root.path("data").path("resultType").asText()).isEqualTo("vector");
        String end = Long.toString(T0 + 120);
        assertThat(root.path("data").path("result").toString()).isEqualTo("[{\"metric\":{\"app\":\"api\"},\"value\":[" + end + ",\"10\"]},"
                + "{\"metric\":{\"app\":\"web\"},\"value\":[" + end + ",\"5\"]}]");
    }

    @Test
    void volumeTakesTargetLabelsAggregationByLabelAndALimit() throws Exception {
        String end = Long.toString(T0 + 120);
        assertThat(get("/loki/api/v1/index/volume?query=" + LokiHttpApiTest.q("{app=~\".+\"}") + "&targetLabels=env" + range())
                .path("data").path("result").toString()).isEqualTo("[{\"metric\":{\"env\":\"prod\"},\"value\":[" + end + ",\"12\"]},"
                + "{\"metric\":{\"env\":\"dev\"},\"value\":[" + end + ",\"3\"]}]");
        assertThat(get("/loki/api/v1/index/volume?query=" + LokiHttpApiTest.q("{env=\"prod\"}") + "&aggregateBy=labels" + range())
                .path("data").path("result").toString()).isEqualTo("[{\"metric\":{\"app\":\"\"},\"value\":[" + end + ",\"12\"]},"
                + "{\"metric\":{\"env\":\"\"},\"value\":[" + end + ",\"12\"]},{\"metric\":{\"pod\":\"\"},\"value\":[" + end + ",\"12\"]},"
                + "{\"metric\":{\"service_name\":\"\"},\"value\":[" + end + ",\"12\"]}]");
        assertThat(get("/loki/api/v1/index/volume?query=" + LokiHttpApiTest.q("{app=~\".+\"}") + "&limit=1" + range())
                .path("data").path("result").toString()).isEqualTo("[{\"metric\":{\"app\":\"api\"},\"value\":[" + end + ",\"10\"]}]");
        assertThat(get("/loki/api/v1/index/volume?query=" + LokiHttpApiTest.q("{}") + "&aggregateBy=series" + range())
                .path("data").path("result").size()).isEqualTo(3);
    }

    @Test
    void volumeRangeAnswersAMatrixOfStepBuckets() throws Exception {
        JsonNode data = get("/loki/api/v1/index/volume_range?query=" + LokiHttpApiTest.q("{app=\"api\"}") + "&step=60" + range()).path("data");
        assertThat(data.path("resultType").asText()).isEqualTo("matrix");
        // Buckets end a millisecond before each minute, the last at the request's end.
        assertThat(data.path("result").toString()).isEqualTo("[{\"metric\":{\"app\":\"api\"},\"values\":[[" + (T0 + 59) + ".999,\"4\"],["
                + (T0 + 120) + ",\"6\"]]}]");
        JsonNode narrower = get("/loki/api/v1/index/volume_range?query=" + LokiHttpApiTest.q("{app=~\".+\"}") + "&step=1m&start=" + ns(0)
                + "&end=" + ns(30)).path("data");
        assertThat(narrower.path("resultType").asText()).as("one bucket is a vector").isEqualTo("vector");
    }

    @Test
    void indexEndpointsRefuseBadInputWithLokisMessages() {
        assertError("/loki/api/v1/index/stats?query=" + LokiHttpApiTest.q("{app=\"api\"} |= \"x\"") + range(), "only label matchers are supported");
        assertError("/loki/api/v1/index/volume?query=" + LokiHttpApiTest.q("{app=\"api\"}") + "&aggregateBy=pods" + range(),
                "invalid aggregation option");
        assertError("/loki/api/v1/index/volume?query=" + LokiHttpApiTest.q("{app=\"api\"}") + "&limit=-1" + range(),
                "limit must be a positive value");
        assertError("/loki/api/v1/index/volume_range?query=" + LokiHttpApiTest.q("{app=\"api\"}") + "&step=0" + range(),
                "zero or negative query resolution step widths are not accepted. Try a positive integer");
        assertError("/loki/api/v1/index/volume_range?query=" + LokiHttpApiTest.q("{app=\"api\"}") + "&step=0.001" + range(),
                "exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter");
        assertError("/loki/api/v1/index/stats?query=" + LokiHttpApiTest.q("{app=\"api\"}") + "&start=" + ns(10) + "&end=" + ns(0),
                "end timestamp must not be before or equal to start time");
    }

    private void assertError(String path, String message) {
        AggregatedHttpResponse response = server.get(path);
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.contentUtf8()).isEqualTo(message + "\n");
    }

    @Test
    void detectedLabelsCountValuesAndLeaveOutLabelsOfOnlyIds() throws Exception {
        push("{\"stream\":{\"app\":\"api\",\"env\":\"prod\",\"pod\":\"p-1\",\"request_id\":\"123\"},\"values\":[[\"" + ns(30) + "\",\"x\"]]}",
                "{\"stream\":{\"app\":\"api\",\"env\":\"prod\",\"pod\":\"p-1\",\"request_id\":\"456\"},\"values\":[[\"" + ns(31) + "\",\"y\"]]}",
                "{\"stream\":{\"app\":\"api\",\"env\":\"prod\",\"pod\":\"7\",\"session\":\"0b5e8a7c-3a9d-4c47-9d26-6f7f0a1c2b3d\"},"
                        + "\"values\":[[\"" + ns(32) + "\",\"z\"]]}");
        assertThat(get("/loki/api/v1/detected_labels?" + range().substring(1)).toString()).isEqualTo("{\"detectedLabels\":["
                + "{\"label\":\"app\",\"cardinality\":2},{\"label\":\"env\",\"cardinality\":2},{\"label\":\"pod\",\"cardinality\":4},"
                + "{\"label\":\"service_name\",\"cardinality\":2}]}");
        assertThat(get("/loki/api/v1/detected_labels?query=" + LokiHttpApiTest.q("{app=\"web\"}") + range()).toString())
                .isEqualTo("{\"detectedLabels\":[{\"label\":\"app\",\"cardinality\":1},{\"label\":\"env\",\"cardinality\":2},"
                        + "{\"label\":\"pod\",\"cardinality\":2},{\"label\":\"service_name\",\"cardinality\":1}]}");
    }
}
