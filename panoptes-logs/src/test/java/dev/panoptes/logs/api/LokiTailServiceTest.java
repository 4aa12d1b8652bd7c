package dev.panoptes.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.logs.LogsTestServer;
import dev.panoptes.logs.ingest.LogLimits;
import dev.panoptes.logs.store.TenantLogStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live tail over a real WebSocket: the JDK's client against the running server. */
class LokiTailServiceTest {

    static final long NOW_SECONDS = System.currentTimeMillis() / 1000;

    @TempDir
    Path dir;
    LogsTestServer server;
    HttpClient http;

    @BeforeEach
    void start() throws Exception {
        server = new LogsTestServer(dir, LogLimits.defaults());
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        // close() would wait for every socket the server end already dropped.
        http.shutdownNow();
    }

    /** A WebSocket client that keeps every text message and the close it received. */
    static final class Recorder implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            closed.complete(status + " " + reason);
            return null;
        }

        /** Entries of the frames received until {@code count} are there, as "labels ns line". */
        List<String> entries(int count) throws Exception {
            List<String> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (out.size() < count) {
                String message = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(message).as("frames within 20s, got " + out).isNotNull();
                JsonNode frame = LokiHttpApiTest.JSON.readTree(message);
                assertThat(frame.has("streams")).isTrue();
                for (JsonNode stream : frame.path("streams")) {
                    for (JsonNode value : stream.path("values")) {
                        out.add(stream.path("stream").toString() + " " + value.get(0).asText() + " " + value.get(1).asText());
                    }
                }
            }
            return out;
        }
    }

    WebSocket connect(String query, Recorder recorder) {
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/loki/api/v1/tail?query=" + LokiHttpApiTest.q(query)
                + "&start=" + (NOW_SECONDS - 60) + "000000000");
        return http.newWebSocketBuilder().header("X-Scope-OrgID", "tenant-a").buildAsync(uri, recorder).join();
    }

    void push(String app, long second, String line) {
        String body = "{\"streams\":[{\"stream\":{\"app\":\"" + app + "\"},\"values\":[[\"" + second + "000000000\",\"" + line + "\"]]}]}";
        assertThat(server.post("/loki/api/v1/push", MediaType.JSON, body.getBytes(StandardCharsets.UTF_8)).status().code()).isEqualTo(204);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.sleep(20);
        }
    }

    TenantLogStore store() {
        return server.stores.forTenant(TenantId.of("tenant-a"));
    }

    @Test
    void sendsStoredEntriesFirstThenEntriesPushedAfterConnecting() throws Exception {
        push("api", NOW_SECONDS - 30, "stored error before");
        push("api", NOW_SECONDS - 29, "stored ok before");
        Recorder recorder = new Recorder();
        WebSocket socket = connect("{app=\"api\"} |= \"error\"", recorder);
        assertThat(recorder.entries(1)).containsExactly("{\"app\":\"api\",\"detected_level\":\"error\",\"service_name\":\"api\"} " + (NOW_SECONDS - 30) + "000000000 stored error before");
        await(() -> store().subscriptionCount() == 1, "the tail subscribed");
        push("api", NOW_SECONDS - 5, "live error one");
        push("web", NOW_SECONDS - 4, "other stream error");
        push("api", NOW_SECONDS - 3, "live ok is filtered out");
        push("api", NOW_SECONDS - 2, "live error two");
        assertThat(recorder.entries(2)).containsExactly(
                "{\"app\":\"api\",\"detected_level\":\"error\",\"service_name\":\"api\"} " + (NOW_SECONDS - 5) + "000000000 live error one",
                "{\"app\":\"api\",\"detected_level\":\"error\",\"service_name\":\"api\"} " + (NOW_SECONDS - 2) + "000000000 live error two");
        assertThat(recorder.messages).isEmpty();
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        await(() -> store().subscriptionCount() == 0 && server.api.openTails() == 0, "the tail let go of its subscription");
    }

    @Test
    void structuredMetadataJoinsTheLabelsOfLiveEntries() throws Exception {
        Recorder recorder = new Recorder();
        connect("{app=\"api\"}", recorder);
        await(() -> store().subscriptionCount() == 1, "the tail subscribed");
        String body = "{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"" + (NOW_SECONDS - 1)
                + "000000000\",\"with metadata\",{\"trace_id\":\"abc\"}]]}]}";
        server.post("/loki/api/v1/push", MediaType.JSON, body.getBytes(StandardCharsets.UTF_8));
        assertThat(recorder.entries(1)).containsExactly("{\"app\":\"api\",\"detected_level\":\"unknown\",\"service_name\":\"api\",\"trace_id\":\"abc\"} " + (NOW_SECONDS - 1)
                + "000000000 with metadata");
    }

    @Test
    void stoppingTheServerClosesOpenTailsAsGoingAway() throws Exception {
        Recorder recorder = new Recorder();
        connect("{app=\"api\"}", recorder);
        await(() -> store().subscriptionCount() == 1, "the tail subscribed");
        server.server.stop().get(20, TimeUnit.SECONDS);
        assertThat(recorder.closed.get(20, TimeUnit.SECONDS)).isEqualTo("1001 the server is shutting down");
    }

    @Test
    void badParametersAreRefusedBeforeTheUpgrade() {
        assertTailError("query=" + LokiHttpApiTest.q("{app=}"), "parse error at line 1, col 6: syntax error: unexpected }, expecting STRING");
        assertTailError("query=" + LokiHttpApiTest.q("{app=\"a\"}") + "&delay_for=6", "delay_for can't be greater than 5");
        assertTailError("query=" + LokiHttpApiTest.q("{app=\"a\"}") + "&limit=0", "limit must be a positive value");
        assertTailError("query=" + LokiHttpApiTest.q("{app=\"a\"}") + "&limit=6000",
                "max entries limit per query exceeded, limit > max_entries_limit_per_query (6000 > 5000)");
    }

    private void assertTailError(String query, String message) {
        AggregatedHttpResponse response = server.get("/loki/api/v1/tail?" + query);
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.contentUtf8()).isEqualTo(message + "\n");
    }

    @Test
    void aTenantMayHoldTenTailsAtOnce() throws Exception {
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sockets.add(connect("{app=\"api\"}", new Recorder()));
        }
        await(() -> store().subscriptionCount() == 10, "ten tails subscribed");
        AggregatedHttpResponse refused = server.get("/loki/api/v1/tail?query=" + LokiHttpApiTest.q("{app=\"api\"}"));
        assertThat(refused.status().code()).isEqualTo(400);
        assertThat(refused.contentUtf8()).isEqualTo("max concurrent tail requests limit exceeded, count > limit (11 > 10)\n");
        sockets.get(0).sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        await(() -> server.api.openTails() == 9, "a closed tail frees its place");
        Recorder recorder = new Recorder();
        connect("{app=\"api\"}", recorder);
        await(() -> store().subscriptionCount() == 10, "the eleventh tail subscribed after one closed");
    }

    @Test
    void aClientThatGoesAwayWithoutClosingIsCleanedUp() throws Exception {
        WebSocket socket = connect("{app=\"api\"}", new Recorder());
        await(() -> store().subscriptionCount() == 1, "the tail subscribed");
        socket.abort();
        await(() -> store().subscriptionCount() == 0 && server.api.openTails() == 0, "an aborted tail let go of its subscription");
    }

    @Test
    void framesHaveLokisShape() throws Exception {
        Labels2 labels = new Labels2();
        String frame = LokiTailService.frameJson(
                List.of(new TailBuffer.Entry(labels.api, 5, "a", 0), new TailBuffer.Entry(labels.web, 6, "b", 1), new TailBuffer.Entry(labels.api, 7, "c", 2)),
                List.of(new TailBuffer.Dropped(labels.web, 4)));
        assertThat(frame).isEqualTo("{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"5\",\"a\"],[\"7\",\"c\"]]},"
                + "{\"stream\":{\"app\":\"web\"},\"values\":[[\"6\",\"b\"]]}],"
                + "\"dropped_entries\":[{\"timestamp\":\"4\",\"labels\":{\"app\":\"web\"}}]}");
        assertThat(LokiTailService.frameJson(List.of(new TailBuffer.Entry(labels.api, 5, "a", 0)), List.of()))
                .isEqualTo("{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"5\",\"a\"]]}]}");
    }

    private static final class Labels2 {
        final dev.panoptes.core.labels.Labels api = dev.panoptes.core.labels.Labels.of("app", "api");
        final dev.panoptes.core.labels.Labels web = dev.panoptes.core.labels.Labels.of("app", "web");
    }
}
