package dev.panoptes.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.panoptes.core.config.ByteSize;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.logs.LogsTestServer;
import dev.panoptes.logs.ingest.LogLimits;
import dev.panoptes.logs.store.EntryListener;
import dev.panoptes.logs.store.LogReader;
import dev.panoptes.logs.store.ScanRequest;
import dev.panoptes.logs.store.StreamScan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query limits of {@code query_range}: time range, bytes read, timeout and the client going away. */
class QueryLimitsTest {

    static final long T0 = LokiHttpApiTest.T0;

    @TempDir
    Path dir;

    static LogLimits limits(Duration maxQueryLength, long maxBytes) {
        return limits(maxQueryLength, maxBytes, null);
    }

    static LogLimits limits(Duration maxQueryLength, long maxBytes, Integer maxQuerySeries) {
        return new LogLimits(null, null, null, null, null, null, null, null, null, null, null, null, maxQueryLength, new ByteSize(maxBytes),
                null, null, maxQuerySeries, null, null, null, null);
    }

    static void push(LogsTestServer server) {
        // Lines of 5, 5 and 5 bytes in two streams.
        String body = "{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"" + T0 + "000000000\",\"one 1\"],[\"" + (T0 + 1)
                + "000000000\",\"two 2\"]]},{\"stream\":{\"app\":\"web\"},\"values\":[[\"" + (T0 + 2) + "000000000\",\"web 3\"]]}]}";
        assertThat(server.post("/loki/api/v1/push", MediaType.JSON, body.getBytes(StandardCharsets.UTF_8)).status().code()).isEqualTo(204);
    }

    static void assertRefused(AggregatedHttpResponse response, int status, String message) {
        assertThat(response.status().code()).isEqualTo(status);
        assertThat(response.contentUtf8()).isEqualTo(message + "\n");
    }

    @Test
    void aRangeLongerThanMaxQueryLengthIsRefusedWithLokisMessage() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir, limits(Duration.ofHours(1), 0))) {
            String query = "/loki/api/v1/query_range?query=" + LokiHttpApiTest.q("{app=\"api\"}") + "&start=" + T0;
            assertRefused(server.get(query + "&end=" + (T0 + 7200)), 400,
                    "the query time range exceeds the limit (query length: 2h0m0s, limit: 1h)");
            assertThat(server.get(query + "&end=" + (T0 + 3600)).status().code()).isEqualTo(200);
            assertRefused(server.get("/loki/api/v1/index/stats?query=" + LokiHttpApiTest.q("{app=\"api\"}") + "&start=" + T0 + "&end="
                    + (T0 + 3601)), 400, "the query time range exceeds the limit (query length: 1h0m1s, limit: 1h)");
        }
    }

    @Test
    void aQueryThatWouldReadTooManyBytesIsRefusedBeforeItRuns() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir, limits(null, 12))) {
            push(server);
            String range = "&start=" + T0 + "&end=" + (T0 + 60);
            assertRefused(server.get("/loki/api/v1/query_range?query=" + LokiHttpApiTest.q("{app=~\"api|web\"}") + range), 400,
                    "the query would read too many bytes (query: 15 B, limit: 12 B); consider adding more specific stream selectors or "
                            + "reduce the time range of the query");
            AggregatedHttpResponse narrow = server.get("/loki/api/v1/query_range?query=" + LokiHttpApiTest.q("{app=\"api\"}") + range);
            assertThat(narrow.status().code()).isEqualTo(200);
            assertThat(LokiHttpApiTest.entries(LokiHttpApiTest.JSON.readTree(narrow.contentUtf8()))).hasSize(2);
        }
    }

    @Test
    void aMetricQueryWithMoreSeriesThanMaxQuerySeriesFailsWithLokisMessage() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir, limits(null, 0, 1))) {
            push(server);
            String range = "&start=" + T0 + "&end=" + (T0 + 60) + "&step=10";
            String message = "maximum number of series (1) reached for a single query; consider reducing query cardinality by adding "
                    + "more specific stream selectors, reducing the time range, or aggregating results with functions like sum(), count() "
                    + "or topk()";
            String twoSeries = LokiHttpApiTest.q("count_over_time({app=~\"api|web\"}[1m])");
            assertRefused(server.get("/loki/api/v1/query_range?query=" + twoSeries + range), 400, message);
            assertRefused(server.get("/loki/api/v1/query?query=" + twoSeries + "&time=" + (T0 + 30)), 400, message);
            // One series, or the two summed into one, is within the limit; so is a number.
            assertThat(server.get("/loki/api/v1/query_range?query=" + LokiHttpApiTest.q("count_over_time({app=\"api\"}[1m])") + range)
                    .status().code()).isEqualTo(200);
            AggregatedHttpResponse summed = server.get("/loki/api/v1/query_range?query="
                    + LokiHttpApiTest.q("sum(count_over_time({app=~\"api|web\"}[1m]))") + range);
            assertThat(summed.status().code()).as(summed.contentUtf8()).isEqualTo(200);
            assertThat(LokiHttpApiTest.JSON.readTree(summed.contentUtf8()).path("data").path("result")).hasSize(1);
            assertThat(server.get("/loki/api/v1/query?query=" + LokiHttpApiTest.q("vector(1) + vector(2)") + "&time=" + T0).status().code())
                    .isEqualTo(200);
        }
        // Loki's default of 500 lets both series through.
        try (LogsTestServer server = new LogsTestServer(dir.resolve("defaults"), LogLimits.defaults())) {
            push(server);
            AggregatedHttpResponse both = server.get("/loki/api/v1/query_range?query="
                    + LokiHttpApiTest.q("count_over_time({app=~\"api|web\"}[1m])") + "&start=" + T0 + "&end=" + (T0 + 60) + "&step=10");
            assertThat(both.status().code()).as(both.contentUtf8()).isEqualTo(200);
            assertThat(LokiHttpApiTest.JSON.readTree(both.contentUtf8()).path("data").path("result")).hasSize(2);
        }
    }

    /**
     * A reader whose every read runs until its check stops it, like a scan of a huge range: it
     * tells when a scan started and how the last one ended.
     */
    static final class EndlessScan implements LogReader {
        final LogReader delegate;
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicReference<RuntimeException> stoppedBy = new AtomicReference<>();

        EndlessScan(LogReader delegate) {
            this.delegate = delegate;
        }

        @Override
        public StreamScan scan(ScanRequest request) {
            started.countDown();
            try {
                while (true) {
                    request.check().check();
                    Thread.onSpinWait();
                }
            } catch (RuntimeException e) {
                stoppedBy.set(e);
                throw e;
            }
        }

        @Override
        public List<Labels> series(List<LabelMatcher> matchers, long from, long to) {
            return delegate.series(matchers, from, to);
        }

        @Override
        public List<String> labelNames(List<LabelMatcher> matchers, long from, long to) {
            return delegate.labelNames(matchers, from, to);
        }

        @Override
        public List<String> labelValues(String name, List<LabelMatcher> matchers, long from, long to) {
            return delegate.labelValues(name, matchers, from, to);
        }

        @Override
        public List<StreamChunks> chunkExtents(List<LabelMatcher> matchers, long from, long to) {
            return delegate.chunkExtents(matchers, from, to);
        }

        @Override
        public Subscription subscribe(List<LabelMatcher> matchers, EntryListener listener) {
            return delegate.subscribe(matchers, listener);
        }
    }

    /** The API over an {@link EndlessScan} on a server of its own. */
    static final class ScanServer implements AutoCloseable {
        final LogsTestServer logs;
        final EndlessScan scan;
        final LokiHttpApi api;
        final Server server;
        final WebClient client;

        ScanServer(Path dir, Duration timeout) throws Exception {
            logs = new LogsTestServer(dir, LogLimits.defaults());
            push(logs);
            scan = new EndlessScan(logs.stores.forTenant(TenantId.of("tenant-a")));
            api = new LokiHttpApi(tenant -> scan, new LokiQueryLimits(5000, Duration.ZERO, 0, timeout, 10, 500), Clock.systemUTC());
            ServerBuilder builder = Server.builder().http(0);
            api.register(builder);
            server = builder.build();
            server.start().join();
            client = WebClient.of("http://127.0.0.1:" + server.activeLocalPort());
        }

        HttpResponse query() {
            String path = "/loki/api/v1/query_range?query=" + LokiHttpApiTest.q("{app=\"api\"}") + "&start=" + T0 + "&end=" + (T0 + 60);
            return client.execute(RequestHeaders.builder(HttpMethod.GET, path).set("X-Scope-OrgID", "tenant-a").build());
        }

        @Override
        public void close() throws Exception {
            server.stop().join();
            logs.close();
        }
    }

    @Test
    void aQueryPastItsTimeoutStopsScanningAndAnswers504() throws Exception {
        try (ScanServer s = new ScanServer(dir, Duration.ofMillis(300))) {
            AggregatedHttpResponse response = s.query().aggregate().get(30, TimeUnit.SECONDS);
            assertRefused(response, 504, "request timed out, decrease the duration of the request or add more label matchers "
                    + "(prefer exact match over regex match) to reduce the amount of data processed");
            assertThat(s.scan.stoppedBy.get()).isInstanceOf(QueryRun.QueryStoppedException.class);
            assertThat(s.api.runningQueries()).isZero();
        }
    }

    @Test
    void aClientThatDisconnectsStopsItsQuerysScan() throws Exception {
        try (ScanServer s = new ScanServer(dir, Duration.ofMinutes(5))) {
            HttpResponse response = s.query();
            assertThat(s.scan.started.await(30, TimeUnit.SECONDS)).as("the scan started").isTrue();
            response.abort();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (s.scan.stoppedBy.get() == null || s.api.runningQueries() != 0) {
                assertThat(System.nanoTime() - deadline).as("the scan stopped after the client left").isNegative();
                Thread.sleep(20);
            }
            assertThat(((QueryRun.QueryStoppedException) s.scan.stoppedBy.get()).timedOut).isFalse();
        }
    }
}
