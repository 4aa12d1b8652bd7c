package dev.panoptes.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.metrics.promql.parser.ParseException;
import dev.panoptes.metrics.promql.parser.Parser;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.MetricType;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API over HTTP on a free port, byte for byte: every endpoint's main answers and the errors
 * a client must be able to tell apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusApiTest {

    /** 2023-11-14T22:13:20Z, the data's first sample. */
    private static final long T = 1_700_000_000_000L;

    private final Map<String, ApiTestStorage> tenants = new ConcurrentHashMap<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private Server server;
    private Server limitedServer;
    private PrometheusApi api;
    private PrometheusApi limited;

    @BeforeAll
    void start() throws Exception {
        ApiTestStorage storage = tenant("t1");
        Appender app = storage.appender();
        for (int i = 0; i <= 40; i++) {
            app.append(0, Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a"), T + i * 15_000L, i * 15.0);
            app.append(0, Labels.of("__name__", "http_requests_total", "job", "api", "instance", "b"), T + i * 15_000L, i * 30.0);
        }
        FloatHistogram h = new FloatHistogram().schema(0).count(6).sum(10).zeroThreshold(0.001).zeroCount(1)
                .positiveSpans(new Span(0, 2)).positiveBuckets(2, 3);
        app.appendHistogram(0, Labels.of("__name__", "latency"), T, null, h);
        app.appendExemplar(0, Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a"),
                new Exemplar(Labels.of("trace_id", "abc"), 6, T + 1234, true));
        app.updateMetadata(0, Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a"),
                new MetricMetadata(MetricType.COUNTER, "Requests served.", ""));
        app.commit();

        ServerStatus status = new ServerStatus(Instant.parse("2026-01-02T03:04:05Z"), "data_dir: /tmp/x\n",
                Map.of("query.timeout", "2m", "data_dir", "/tmp/x"), "15d");
        api = new PrometheusApi(t -> tenant(t.value()), new QuerySettings(null, null, null, null, null, true), status);
        ServerBuilder sb = Server.builder().http(0);
        api.register(sb);
        server = sb.build();
        server.start().join();

        // One query at a time per tenant, one waiting, at most 50 samples, admin off.
        limited = new PrometheusApi(t -> tenant(t.value()), new QuerySettings(null, null, 50L, 1, 1, false), status);
        ServerBuilder lb = Server.builder().http(0);
        limited.register(lb);
        limitedServer = lb.build();
        limitedServer.start().join();
    }

    @AfterAll
    void stop() {
        server.stop().join();
        limitedServer.stop().join();
        api.close();
        limited.close();
    }

    private ApiTestStorage tenant(String name) {
        return tenants.computeIfAbsent(name, n -> new ApiTestStorage());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(Server on, String pathAndQuery) throws Exception {
        return get(on, pathAndQuery, "t1");
    }

    private HttpResponse<String> get(Server on, String pathAndQuery, String tenant) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.activeLocalPort() + pathAndQuery))
                .header("X-Scope-OrgID", tenant).timeout(Duration.ofSeconds(30)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return get(server, pathAndQuery);
    }

    private HttpResponse<String> post(String path, String form, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.activeLocalPort() + path))
                .header("X-Scope-OrgID", "t1").header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(30)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAnswer(HttpResponse<String> response, int status, String body) {
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.statusCode()).isEqualTo(status);
    }

    @Test
    void instantQueryAnswersAVectorInPrometheusShape() throws Exception {
        assertAnswer(get("/api/v1/query?query=" + enc("http_requests_total{instance=\"a\"}") + "&time=1700000060.5"), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"http_requests_total\","
                        + "\"instance\":\"a\",\"job\":\"api\"},\"value\":[1700000060.500,\"60\"]}]}}");
        assertThat(get("/api/v1/query?query=http_requests_total&time=1700000060.5").headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void timeIsAcceptedAsRfc3339() throws Exception {
        assertAnswer(get("/api/v1/query?query=" + enc("sum(http_requests_total)") + "&time=2023-11-14T22:14:20.25Z"), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1700000060.250,\"180\"]}]}}");
    }

    @Test
    void scalarsStringsAndSpecialFloatsAreQuotedAsPrometheusWritesThem() throws Exception {
        assertAnswer(get("/api/v1/query?query=1.5&time=1700000000.123"), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000.123,\"1.5\"]}}");
        assertAnswer(get("/api/v1/query?query=" + enc("\"a<b\"") + "&time=12"), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[12,\"a\\u003cb\"]}}");
        assertAnswer(get("/api/v1/query?query=" + enc("vector(1/0) or label_replace(vector(-1/0), \"x\", \"1\", \"\", \"\")"
                + " or label_replace(vector(0/0), \"x\", \"2\", \"\", \"\")") + "&time=0"), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[0,\"+Inf\"]},"
                        + "{\"metric\":{\"x\":\"1\"},\"value\":[0,\"-Inf\"]},{\"metric\":{\"x\":\"2\"},\"value\":[0,\"NaN\"]}]}}");
        // Scalars keep plain decimals and the shortest time; sample values switch to exponent form below 1e-6.
        assertAnswer(get("/api/v1/query?query=" + enc("1e-7") + "&time=0.25"), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[0.25,\"0.0000001\"]}}");
        assertAnswer(get("/api/v1/query?query=" + enc("vector(1e-7)") + "&time=0.25"), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[0.250,\"1e-07\"]}]}}");
    }

    @Test
    void rangeQueryAnswersAMatrix() throws Exception {
        assertAnswer(get("/api/v1/query_range?query=" + enc("sum(http_requests_total)") + "&start=1700000000&end=1700000030&step=15s"), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":"
                        + "[[1700000000,\"0\"],[1700000015,\"45\"],[1700000030,\"90\"]]}]}}");
        // Matrix values in every form: integral, short decimal, exponent, large plain, non-finite.
        assertAnswer(get("/api/v1/query_range?query=" + enc("vector(0.125) or label_replace(vector(1e-7), \"x\", \"1\", \"\", \"\")"
                + " or label_replace(vector(123456789.5), \"x\", \"2\", \"\", \"\") or label_replace(vector(1/0), \"x\", \"3\", \"\", \"\")"
                + " or label_replace(vector(-3), \"x\", \"4\", \"\", \"\")") + "&start=0&end=1.5&step=1.5"), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                        + "{\"metric\":{},\"values\":[[0,\"0.125\"],[1.500,\"0.125\"]]},"
                        + "{\"metric\":{\"x\":\"1\"},\"values\":[[0,\"1e-07\"],[1.500,\"1e-07\"]]},"
                        + "{\"metric\":{\"x\":\"2\"},\"values\":[[0,\"123456789.5\"],[1.500,\"123456789.5\"]]},"
                        + "{\"metric\":{\"x\":\"3\"},\"values\":[[0,\"+Inf\"],[1.500,\"+Inf\"]]},"
                        + "{\"metric\":{\"x\":\"4\"},\"values\":[[0,\"-3\"],[1.500,\"-3\"]]}]}}");
        // A float step in seconds is the same step.
        assertThat(get("/api/v1/query_range?query=" + enc("sum(http_requests_total)") + "&start=1700000000&end=1700000030&step=15").body())
                .contains("[1700000015,\"45\"]");
    }

    @Test
    void largeResultsArriveWholeInChunks() throws Exception {
        HttpResponse<String> response = get("/api/v1/query_range?query=http_requests_total&start=1700000000&end=1700000600&step=0.1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().length()).isGreaterThan(4 * 64 * 1024);
        com.fasterxml.jackson.databind.JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body())
                .path("data").path("result");
        assertThat(result).hasSize(2);
        assertThat(result.get(1).path("values")).hasSize(6001);
        assertThat(result.get(1).path("values").get(6000).toString()).isEqualTo("[1700000600,\"1200\"]");
    }

    @Test
    void aClientThatLeavesDuringALargeAnswerFreesItsSlot() throws Exception {
        ApiTestStorage wide = tenant("wide");
        Appender app = wide.appender();
        for (int s = 0; s < 100; s++) {
            for (int i = 0; i <= 40; i++) {
                app.append(0, Labels.of("__name__", "g", "s", Integer.toString(s)), T + i * 15_000L, s * 0.001 + i);
            }
        }
        app.commit();
        // 100 series of 10,001 points: tens of megabytes, far beyond what socket buffers hold.
        try (Socket socket = new Socket("127.0.0.1", server.activeLocalPort())) {
            socket.getOutputStream().write(("GET /api/v1/query_range?query=g&start=1700000000&end=1700000600&step=0.06 HTTP/1.1\r\n"
                    + "Host: x\r\nX-Scope-OrgID: wide\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 200");
        }
        pollUntil(() -> api.runningQueries(TenantId.of("wide")) == 0);
        assertThat(get(server, "/api/v1/query?query=count(g)&time=1700000600", "wide").body()).contains("\"100\"");
    }

    @Test
    void postedFormsAreReadLikeQueryStrings() throws Exception {
        HttpResponse<String> posted = post("/api/v1/query", "query=" + enc("sum(http_requests_total)") + "&time=1700000060", "POST");
        assertAnswer(posted, 200, get("/api/v1/query?query=" + enc("sum(http_requests_total)") + "&time=1700000060").body());
        assertThat(posted.body()).contains("\"180\"");
    }

    @Test
    void mimirsPrefixServesTheSameApi() throws Exception {
        assertAnswer(get("/prometheus/api/v1/query?query=1&time=0"), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[0,\"1\"]}}");
    }

    @Test
    void nativeHistogramsCarryCountSumAndBucketsWithBoundaryRules() throws Exception {
        assertAnswer(get("/api/v1/query?query=latency&time=1700000000"), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"latency\"},"
                        + "\"histogram\":[1700000000,{\"count\":\"6\",\"sum\":\"10\",\"buckets\":[[3,\"-0.001\",\"0.001\",\"1\"],"
                        + "[0,\"0.5\",\"1\",\"2\"],[0,\"1\",\"2\",\"3\"]]}]}]}}");
        assertThat(get("/api/v1/query_range?query=latency&start=1700000000&end=1700000000&step=1").body())
                .contains("\"histograms\":[[1700000000,{\"count\":\"6\"");
    }

    @Test
    void badParametersAreBadDataNamingTheParameter() throws Exception {
        assertAnswer(get("/api/v1/query?query=up&time=abc"), 400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"time\\\": invalid time value for 'time': "
                        + "cannot parse \\\"abc\\\" to a valid timestamp\"}");
        assertAnswer(get("/api/v1/query_range?query=up&start=1&end=2&step=x"), 400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"step\\\": cannot parse \\\"x\\\" to a valid duration\"}");
        assertAnswer(get("/api/v1/query_range?query=up&start=1&end=2&step=0"), 400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"step\\\": zero or negative query resolution step "
                        + "widths are not accepted. Try a positive integer\"}");
        assertAnswer(get("/api/v1/query_range?query=up&start=10&end=2&step=1"), 400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"end\\\": end timestamp must not be before start time\"}");
        assertAnswer(get("/api/v1/query_range?query=up&end=2&step=1"), 400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"start\\\": cannot parse \\\"\\\" to a valid timestamp\"}");
        assertThat(get("/api/v1/query?query=up&timeout=soon").body()).contains("invalid parameter \\\"timeout\\\"");
        assertThat(get("/api/v1/query?query=up&limit=-1").statusCode()).isEqualTo(400);
    }

    @Test
    void invalidQueryIsBadDataWithTheParsersPositionAndMessage() throws Exception {
        String message;
        try {
            Parser.parse("sum(rate(x[5m])");
            throw new AssertionError("expected a parse error");
        } catch (ParseException e) {
            message = e.getMessage();
        }
        assertThat(message).startsWith("1:");
        assertAnswer(get("/api/v1/query?query=" + enc("sum(rate(x[5m])")), 400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": " + message.replace("\"", "\\\"") + "\"}");
        assertAnswer(get("/api/v1/query_range?query=" + enc("x[5m]") + "&start=0&end=10&step=1"), 400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": invalid expression type "
                        + "\\\"range vector\\\" for range query, must be Scalar or instant Vector\"}");
    }

    @Test
    void tooManyPointsPerSeriesIsRefusedBeforeEvaluation() throws Exception {
        assertAnswer(get("/api/v1/query_range?query=up&start=0&end=11001&step=1"), 400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"exceeded maximum resolution of 11,000 points per timeseries. "
                        + "Try decreasing the query resolution (?step=XX)\"}");
        assertThat(get("/api/v1/query_range?query=1&start=0&end=11000&step=1").statusCode()).isEqualTo(200);
    }

    @Test
    void tooManySamplesIsAnExecutionError() throws Exception {
        assertAnswer(get(limitedServer, "/api/v1/query?query=" + enc("http_requests_total[10m]") + "&time=1700000600"), 422,
                "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query processing would load too many samples into memory in query execution\"}");
    }

    @Test
    void aQueryPastItsTimeoutAnswersTimeoutAndStopsReadingStorage() throws Exception {
        ApiTestStorage slow = tenant("slow-timeout");
        int before = slow.interrupted.get();
        assertAnswer(get(server, "/api/v1/query?query=slow&time=1&timeout=0.2", "slow-timeout"), 503,
                "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}");
        assertThat(slow.interrupted.get()).isEqualTo(before + 1);
    }

    @Test
    void aClientThatGoesAwayInterruptsItsQuery() throws Exception {
        ApiTestStorage slow = tenant("slow-disconnect");
        slow.slowStarted = new CountDownLatch(1);
        try (Socket socket = new Socket("127.0.0.1", server.activeLocalPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/query?query=slow&time=1 HTTP/1.1\r\nHost: x\r\nX-Scope-OrgID: slow-disconnect\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(slow.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();
        }
        pollUntil(() -> slow.interrupted.get() == 1);
        pollUntil(() -> api.runningQueries(TenantId.of("slow-disconnect")) == 0);
    }

    @Test
    void queriesBeyondTheTenantsSlotsAndQueueAreRefusedAndOthersUnaffected() throws Exception {
        ApiTestStorage slow = tenant("busy");
        slow.slowStarted = new CountDownLatch(1);
        Socket running = new Socket("127.0.0.1", limitedServer.activeLocalPort());
        running.getOutputStream().write(("GET /api/v1/query?query=slow&time=1 HTTP/1.1\r\nHost: x\r\nX-Scope-OrgID: busy\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(slow.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();
        HttpRequest queuedRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + limitedServer.activeLocalPort()
                + "/api/v1/query?query=1&time=0")).header("X-Scope-OrgID", "busy").timeout(Duration.ofSeconds(30)).build();
        CompletableFuture<HttpResponse<String>> queued = client.sendAsync(queuedRequest, HttpResponse.BodyHandlers.ofString());
        TenantId busy = TenantId.of("busy");
        pollUntil(() -> limited.queuedQueries(busy) == 1);
        HttpResponse<String> refused = get(limitedServer, "/api/v1/query?query=2&time=0", "busy");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"too many queries for tenant busy: "
                + "1 running and 1 queued, the limits of query.max_concurrent and query.queue_size; retry later\"}");
        assertThat(limited.refusedQueries()).isPositive();
        // Another tenant is not held up.
        assertThat(get(limitedServer, "/api/v1/query?query=3&time=0", "t1").statusCode()).isEqualTo(200);
        assertThat(queued).isNotDone();
        running.close();
        assertAnswer(queued.get(30, TimeUnit.SECONDS), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[0,\"1\"]}}");
    }

    @Test
    void aTenantWithoutDataGetsEmptyResults() throws Exception {
        assertAnswer(get(server, "/api/v1/query?query=up&time=1", "nobody"), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        assertAnswer(get(server, "/api/v1/labels", "nobody"), 200, "{\"status\":\"success\",\"data\":[]}");
    }

    @Test
    void anInvalidTenantIdIsBadData() throws Exception {
        HttpResponse<String> response = get(server, "/api/v1/query?query=1", "a/b");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("{\"status\":\"error\",\"errorType\":\"bad_data\"");
    }

    @Test
    void limitTruncatesWithAWarning() throws Exception {
        assertAnswer(get("/api/v1/query?query=http_requests_total&time=1700000000&limit=1"), 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"http_requests_total\","
                        + "\"instance\":\"a\",\"job\":\"api\"},\"value\":[1700000000,\"0\"]}]},\"warnings\":[\"results truncated due to limit\"]}");
    }

    @Test
    void statsReportSamplesLoaded() throws Exception {
        String body = get("/api/v1/query?query=" + enc("http_requests_total[1m]") + "&time=1700000060&stats=all").body();
        assertThat(body).matches(".*\"stats\":\\{\"timings\":\\{\"evalTotalTime\":[0-9.e-]+,\"resultSortTime\":0,\"queryPreparationTime\":0,"
                + "\"innerEvalTime\":[0-9.e-]+,\"execQueueTime\":[0-9.e-]+,\"execTotalTime\":[0-9.e-]+\\},\"samples\":\\{\"totalQueryableSamples\":8,\"peakSamples\":[0-9]+\\}\\}\\}\\}");
    }

    @Test
    void seriesLabelsAndLabelValuesComeFromTheIndex() throws Exception {
        assertAnswer(get("/api/v1/series?match[]=" + enc("http_requests_total") + "&match[]=latency"), 200,
                "{\"status\":\"success\",\"data\":[{\"__name__\":\"http_requests_total\",\"instance\":\"a\",\"job\":\"api\"},"
                        + "{\"__name__\":\"http_requests_total\",\"instance\":\"b\",\"job\":\"api\"},{\"__name__\":\"latency\"}]}");
        assertAnswer(get("/api/v1/series"), 400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"no match[] parameter provided\"}");
        assertAnswer(get("/api/v1/series?match[]=" + enc("{job=\"\"}")), 400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"match[]\\\": match[] must contain at least one non-empty matcher\"}");
        assertAnswer(get("/api/v1/labels"), 200, "{\"status\":\"success\",\"data\":[\"__name__\",\"instance\",\"job\"]}");
        assertAnswer(get("/api/v1/labels?match[]=latency"), 200, "{\"status\":\"success\",\"data\":[\"__name__\"]}");
        assertAnswer(post("/api/v1/labels", "match[]=latency", "POST"), 200, "{\"status\":\"success\",\"data\":[\"__name__\"]}");
        assertAnswer(get("/api/v1/label/instance/values"), 200, "{\"status\":\"success\",\"data\":[\"a\",\"b\"]}");
        assertAnswer(get("/api/v1/label/__name__/values?limit=1"), 200,
                "{\"status\":\"success\",\"data\":[\"http_requests_total\"],\"warnings\":[\"results truncated due to limit\"]}");
        assertAnswer(get("/api/v1/label/instance/values?match[]=" + enc("http_requests_total{instance=\"b\"}")), 200,
                "{\"status\":\"success\",\"data\":[\"b\"]}");
    }

    @Test
    void labelNamesInThePathMayBeEscapedUtf8() throws Exception {
        ApiTestStorage storage = tenant("utf8");
        Appender app = storage.appender();
        app.append(0, Labels.of("__name__", "m", "http.status_code", "200"), T, 1);
        app.commit();
        assertAnswer(get(server, "/api/v1/label/U__http_2e_status__code/values", "utf8"), 200, "{\"status\":\"success\",\"data\":[\"200\"]}");
        assertThat(LabelNameEscaping.unescape("U__a__b_2e__1f600_")).isEqualTo("a_b.\uD83D\uDE00");
        assertThat(LabelNameEscaping.unescape("U__bad_zz_")).isEqualTo("U__bad_zz_");
    }

    @Test
    void metadataAndExemplarsHaveTheirShapes() throws Exception {
        assertAnswer(get("/api/v1/metadata"), 200,
                "{\"status\":\"success\",\"data\":{\"http_requests_total\":[{\"type\":\"counter\",\"help\":\"Requests served.\",\"unit\":\"\"}]}}");
        assertAnswer(get("/api/v1/metadata?limit=x"), 400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"limit must be a number\"}");
        assertAnswer(get("/api/v1/query_exemplars?query=" + enc("rate(http_requests_total[5m])") + "&start=1700000000&end=1700000010"), 200,
                "{\"status\":\"success\",\"data\":[{\"seriesLabels\":{\"__name__\":\"http_requests_total\",\"instance\":\"a\",\"job\":\"api\"},"
                        + "\"exemplars\":[{\"labels\":{\"trace_id\":\"abc\"},\"value\":\"6\",\"timestamp\":1700000001.234}]}]}");
    }

    @Test
    void formatAndParseQuery() throws Exception {
        assertAnswer(get("/api/v1/format_query?query=" + enc("sum  by(job)(foo/bar)")), 200,
                "{\"status\":\"success\",\"data\":\"sum by (job) (foo / bar)\"}");
        assertAnswer(get("/api/v1/parse_query?query=" + enc("foo/bar")), 200,
                "{\"status\":\"success\",\"data\":{\"bool\":false,\"lhs\":{\"anchored\":false,\"matchers\":[{\"name\":\"__name__\",\"type\":\"=\","
                        + "\"value\":\"foo\"}],\"name\":\"foo\",\"offset\":0,\"offsetExpr\":null,\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":null,"
                        + "\"type\":\"vectorSelector\"},\"matching\":{\"card\":\"one-to-one\",\"fillValues\":{\"lhs\":null,\"rhs\":null},\"include\":[],"
                        + "\"labels\":[],\"on\":false},\"op\":\"/\",\"rhs\":{\"anchored\":false,\"matchers\":[{\"name\":\"__name__\",\"type\":\"=\","
                        + "\"value\":\"bar\"}],\"name\":\"bar\",\"offset\":0,\"offsetExpr\":null,\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":null,"
                        + "\"type\":\"vectorSelector\"},\"type\":\"binaryExpr\"}}");
        assertAnswer(get("/api/v1/parse_query?query=" + enc("sum by (a) (rate(x[5m] @ 10))")), 200,
                "{\"status\":\"success\",\"data\":{\"expr\":{\"args\":[{\"anchored\":false,\"matchers\":[{\"name\":\"__name__\",\"type\":\"=\","
                        + "\"value\":\"x\"}],\"name\":\"x\",\"offset\":0,\"offsetExpr\":null,\"range\":300000,\"rangeExpr\":null,\"smoothed\":false,"
                        + "\"startOrEnd\":null,\"timestamp\":10000,\"type\":\"matrixSelector\"}],\"func\":{\"argTypes\":[\"matrix\"],\"name\":\"rate\","
                        + "\"returnType\":\"vector\",\"variadic\":0},\"type\":\"call\"},\"grouping\":[\"a\"],\"op\":\"sum\",\"param\":null,"
                        + "\"type\":\"aggregation\",\"without\":false}}");
        assertThat(get("/api/v1/format_query?query=" + enc("foo(")).statusCode()).isEqualTo(400);
    }

    @Test
    void statusEndpointsReportTheServer() throws Exception {
        assertAnswer(get("/api/v1/status/config"), 200, "{\"status\":\"success\",\"data\":{\"yaml\":\"data_dir: /tmp/x\\n\"}}");
        assertAnswer(get("/api/v1/status/flags"), 200, "{\"status\":\"success\",\"data\":{\"data_dir\":\"/tmp/x\",\"query.timeout\":\"2m\"}}");
        assertThat(get("/api/v1/status/runtimeinfo").body()).startsWith("{\"status\":\"success\",\"data\":{\"startTime\":\"2026-01-02T03:04:05Z\",\"CWD\":")
                .contains("\"storageRetention\":\"15d\"");
        assertAnswer(get("/api/v1/status/tsdb?limit=1"), 200,
                "{\"status\":\"success\",\"data\":{\"headStats\":{\"numSeries\":3,\"numLabelPairs\":5,\"chunkCount\":3,\"minTime\":1700000000000,"
                        + "\"maxTime\":1700000600000},\"seriesCountByMetricName\":[{\"name\":\"http_requests_total\",\"value\":2}],"
                        + "\"labelValueCountByLabelName\":[{\"name\":\"instance\",\"value\":2}],\"memoryInBytesByLabelName\":[{\"name\":\"__name__\",\"value\":25}],"
                        + "\"seriesCountByLabelValuePair\":[{\"name\":\"job=api\",\"value\":2}]}}");
        assertAnswer(get("/api/v1/status/tsdb?limit=0"), 400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"limit must be a positive number\"}");
    }

    @Test
    void adminEndpointsDeleteOnlyWhenEnabled() throws Exception {
        HttpResponse<String> deleted = post("/api/v1/admin/tsdb/delete_series", "match[]=" + enc("up{job=\"x\"}") + "&start=10&end=20", "PUT");
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(tenant("t1").deletions).contains("[job=\"x\", __name__=\"up\"] 10000 20000");
        assertThat(post("/api/v1/admin/tsdb/clean_tombstones", "", "POST").statusCode()).isEqualTo(204);
        assertThat(tenant("t1").cleanings.get()).isPositive();
        assertAnswer(post("/api/v1/admin/tsdb/delete_series", "", "POST"), 400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"no match[] parameter provided\"}");

        HttpRequest disabled = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + limitedServer.activeLocalPort()
                + "/api/v1/admin/tsdb/delete_series?match[]=up")).header("X-Scope-OrgID", "t1").POST(HttpRequest.BodyPublishers.noBody()).build();
        assertAnswer(client.send(disabled, HttpResponse.BodyHandlers.ofString()), 503,
                "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"admin APIs disabled\"}");
        assertThat(get("/api/v1/admin/tsdb/delete_series?match[]=up").statusCode()).isEqualTo(405);
    }

    private static void pollUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(10);
        }
    }
}
