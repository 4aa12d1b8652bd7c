package dev.panoptes.logs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.loki4j.pkg.google.protobuf.Timestamp;
import com.github.loki4j.pkg.loki.protobuf.Push;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import dev.panoptes.core.config.ByteSize;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.logs.LogsTestServer;
import dev.panoptes.logs.store.LogReader;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LokiPushServiceTest {

    static final MediaType PROTOBUF = MediaType.create("application", "x-protobuf");
    static final long NOW_SECONDS = System.currentTimeMillis() / 1000;

    @TempDir
    Path dir;

    static LogLimits limits(Double rateMb, ByteSize maxLine, Boolean truncate, Integer maxStreams) {
        return new LogLimits(rateMb, rateMb, maxLine, truncate, null, null, null, maxStreams, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    static byte[] snappy(byte[] raw) {
        SnappyCompressor c = new SnappyCompressor();
        byte[] out = new byte[c.maxCompressedLength(raw.length)];
        return Arrays.copyOf(out, c.compress(raw, 0, raw.length, out, 0, out.length));
    }

    static byte[] gzip(byte[] raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    /** A stream encoded by Loki's schema, its entries one second apart from {@code seconds}. */
    static Push.StreamAdapter stream(String labels, long seconds, String... lines) {
        Push.StreamAdapter.Builder s = Push.StreamAdapter.newBuilder().setLabels(labels);
        for (int i = 0; i < lines.length; i++) {
            s.addEntries(Push.EntryAdapter.newBuilder().setTimestamp(Timestamp.newBuilder().setSeconds(seconds + i).setNanos(7))
                    .setLine(lines[i]));
        }
        return s.build();
    }

    static byte[] push(Push.StreamAdapter... streams) {
        Push.PushRequest.Builder r = Push.PushRequest.newBuilder();
        for (Push.StreamAdapter s : streams) {
            r.addStreams(s);
        }
        return snappy(r.build().toByteArray());
    }

    static byte[] json(String labelsJson, long seconds, String line) {
        return ("{\"streams\":[{\"stream\":" + labelsJson + ",\"values\":[[\"" + seconds + "000000000\",\"" + line + "\"]]}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static List<String> stored(LogsTestServer server, String app) {
        LogReader reader = server.stores.forTenant(TenantId.of("tenant-a"));
        List<String> out = new ArrayList<>();
        for (LogReader.StreamEntries s : reader.select(List.of(LabelMatcher.equal("app", app)), Long.MIN_VALUE, Long.MAX_VALUE)) {
            for (int i = 0; i < s.entries().size(); i++) {
                out.add(s.entries().time(i) + " " + s.entries().line(i));
            }
        }
        return out;
    }

    @Test
    void storesSnappyProtobufAndGzippedJsonPushes() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir, LogLimits.defaults())) {
            byte[] proto = push(stream("{app=\"api\"}", NOW_SECONDS, "one", "two"));
            assertThat(server.post("/loki/api/v1/push", PROTOBUF, proto).status().code()).isEqualTo(204);
            assertThat(server.post("/loki/api/v1/push", MediaType.JSON, gzip(json("{\"app\":\"api\"}", NOW_SECONDS + 5, "three")),
                    "Content-Encoding", "gzip").status().code()).isEqualTo(204);
            assertThat(stored(server, "api")).containsExactly(
                    NOW_SECONDS + "000000007 one", (NOW_SECONDS + 1) + "000000007 two", (NOW_SECONDS + 5) + "000000000 three");
        }
    }

    @Test
    void eachPushedEntryGetsItsDetectedLevelUnlessDiscoveryIsOff() throws Exception {
        String body = "{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":["
                + "[\"" + NOW_SECONDS + "000000001\",\"2024-01-01 ERROR connection refused\"],"
                + "[\"" + NOW_SECONDS + "000000002\",\"{\\\"level\\\":\\\"WARNING\\\",\\\"msg\\\":\\\"slow\\\"}\"],"
                + "[\"" + NOW_SECONDS + "000000003\",\"ts=1 lvl=dbg msg=x\"],"
                + "[\"" + NOW_SECONDS + "000000004\",\"nothing to see\"],"
                + "[\"" + NOW_SECONDS + "000000005\",\"sent\",{\"detected_level\":\"Fatal\",\"trace_id\":\"t1\"}]]}]}";
        assertThat(afterJsonPush(dir, LogLimits.defaults(), body, server -> storedMetadata(server, "api"))).containsExactly(
                "{detected_level=\"error\"}", "{detected_level=\"warn\"}", "{detected_level=\"debug\"}",
                "{detected_level=\"unknown\"}", "{detected_level=\"fatal\", trace_id=\"t1\"}");
        LogLimits off = new LogLimits(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                false, null, null, null);
        assertThat(afterJsonPush(dir.resolve("off"), off, body, server -> storedMetadata(server, "api")))
                .containsExactly("{}", "{}", "{}", "{}", "{detected_level=\"Fatal\", trace_id=\"t1\"}");
    }

    @Test
    void aStreamWithoutServiceNameGetsOneFromTheFirstListedLabelOrUnknownService() throws Exception {
        String body = "{\"streams\":["
                + "{\"stream\":{\"app\":\"shop\"},\"values\":[[\"" + NOW_SECONDS + "000000000\",\"a\"]]},"
                + "{\"stream\":{\"job\":\"j\",\"container\":\"c\"},\"values\":[[\"" + NOW_SECONDS + "000000000\",\"b\"]]},"
                + "{\"stream\":{\"foo\":\"bar\"},\"values\":[[\"" + NOW_SECONDS + "000000000\",\"c\"]]},"
                + "{\"stream\":{\"app\":\"x\",\"service_name\":\"own\"},\"values\":[[\"" + NOW_SECONDS + "000000000\",\"d\"]]}]}";
        assertThat(afterJsonPush(dir, LogLimits.defaults(), body, LokiPushServiceTest::storedStreams)).containsExactlyInAnyOrder(
                "{app=\"shop\", service_name=\"shop\"}", "{container=\"c\", job=\"j\", service_name=\"c\"}",
                "{foo=\"bar\", service_name=\"unknown_service\"}", "{app=\"x\", service_name=\"own\"}");
        LogLimits off = new LogLimits(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, List.of());
        assertThat(afterJsonPush(dir.resolve("off"), off, body, LokiPushServiceTest::storedStreams)).containsExactlyInAnyOrder(
                "{app=\"shop\"}", "{container=\"c\", job=\"j\"}", "{foo=\"bar\"}", "{app=\"x\", service_name=\"own\"}");
    }

    /** What {@code read} finds after {@code body} is pushed as JSON (and answered 204) to a fresh server with {@code limits}. */
    static List<String> afterJsonPush(Path dir, LogLimits limits, String body, java.util.function.Function<LogsTestServer, List<String>> read)
            throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir, limits)) {
            assertThat(server.post("/loki/api/v1/push", MediaType.JSON, body.getBytes(StandardCharsets.UTF_8)).status().code()).isEqualTo(204);
            return read.apply(server);
        }
    }

    static List<String> storedStreams(LogsTestServer server) {
        LogReader reader = server.stores.forTenant(TenantId.of("tenant-a"));
        List<String> out = new ArrayList<>();
        for (LogReader.StreamEntries s : reader.select(List.of(), Long.MIN_VALUE, Long.MAX_VALUE)) {
            out.add(s.labels().toString());
        }
        return out;
    }

    static List<String> storedMetadata(LogsTestServer server, String app) {
        LogReader reader = server.stores.forTenant(TenantId.of("tenant-a"));
        List<String> out = new ArrayList<>();
        for (LogReader.StreamEntries s : reader.select(List.of(LabelMatcher.equal("app", app)), Long.MIN_VALUE, Long.MAX_VALUE)) {
            for (int i = 0; i < s.entries().size(); i++) {
                out.add(s.entries().metadata(i).toString());
            }
        }
        return out;
    }

    @Test
    void malformedBodiesGet400AndTheServerKeepsWorking() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir, LogLimits.defaults())) {
            AggregatedHttpResponse badSnappy = server.post("/loki/api/v1/push", PROTOBUF, new byte[] {(byte) 0xFF, (byte) 0xFF, 1, 2, 3});
            assertThat(badSnappy.status().code()).isEqualTo(400);
            assertThat(badSnappy.contentUtf8()).contains("snappy");

            AggregatedHttpResponse badProto = server.post("/loki/api/v1/push", PROTOBUF, snappy(new byte[] {0x0A, 0x7F, 1}));
            assertThat(badProto.status().code()).isEqualTo(400);
            assertThat(badProto.contentUtf8()).startsWith("error decoding protobuf push request: malformed protobuf");

            AggregatedHttpResponse badJson = server.post("/loki/api/v1/push", MediaType.JSON, "{\"streams\":".getBytes(StandardCharsets.UTF_8));
            assertThat(badJson.status().code()).isEqualTo(400);
            assertThat(badJson.contentUtf8()).startsWith("error parsing push request: invalid JSON");

            AggregatedHttpResponse badGzip = server.post("/loki/api/v1/push", MediaType.JSON, new byte[] {1, 2, 3}, "Content-Encoding", "gzip");
            assertThat(badGzip.status().code()).isEqualTo(400);
            assertThat(server.post("/loki/api/v1/push", MediaType.PLAIN_TEXT, new byte[] {1}).status().code()).isEqualTo(415);
            assertThat(server.post("/loki/api/v1/push", MediaType.JSON, new byte[] {1}, "Content-Encoding", "br").status().code()).isEqualTo(415);

            byte[] good = push(stream("{app=\"ok\"}", NOW_SECONDS, "still here"));
            assertThat(server.post("/loki/api/v1/push", PROTOBUF, good).status().code()).isEqualTo(204);
            assertThat(stored(server, "ok")).hasSize(1);
        }
    }

    @Test
    void invalidLabelsRejectTheirStreamOnlyWithLokisMessage() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir, LogLimits.defaults())) {
            byte[] body = push(stream("{app=\"good\"}", NOW_SECONDS, "kept"), stream("{app=bad}", NOW_SECONDS, "dropped"),
                    stream("{}", NOW_SECONDS, "dropped too"));
            AggregatedHttpResponse response = server.post("/loki/api/v1/push", PROTOBUF, body);
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(response.contentUtf8()).contains("error parsing labels '{app=bad}': parse error at line 1, col 6")
                    .contains("error at least one label pair is required per stream");
            assertThat(stored(server, "good")).hasSize(1);
        }
    }

    @Test
    void oversizeLinesAreRefusedOrTruncatedAsConfigured() throws Exception {
        String longLine = "x".repeat(2000);
        try (LogsTestServer server = new LogsTestServer(dir, limits(null, new ByteSize(1000), false, null))) {
            byte[] body = push(stream("{app=\"a\"}", NOW_SECONDS, "short", longLine));
            AggregatedHttpResponse response = server.post("/loki/api/v1/push", PROTOBUF, body);
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(response.contentUtf8()).contains("max entry size '1000' bytes exceeded for stream '{app=\"a\", service_name=\"a\"}' while adding an entry with length '2000' bytes");
            assertThat(stored(server, "a")).extracting(s -> s.split(" ")[1]).containsExactly("short");
        }
    }

    @Test
    void truncatesLongLinesWhenAskedTo() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir.resolve("t"), limits(null, new ByteSize(10), true, null))) {
            byte[] body = push(stream("{app=\"a\"}", NOW_SECONDS, "0123456789abcdef"));
            assertThat(server.post("/loki/api/v1/push", PROTOBUF, body).status().code()).isEqualTo(204);
            assertThat(stored(server, "a")).extracting(s -> s.split(" ")[1]).containsExactly("0123456789");
        }
    }

    @Test
    void entriesTooOldOrTooNewAreRefusedAndTheRestKept() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir, LogLimits.defaults())) {
            long old = NOW_SECONDS - Duration.ofDays(8).toSeconds();
            long future = NOW_SECONDS + Duration.ofHours(1).toSeconds();
            byte[] body = push(stream("{app=\"a\"}", old, "old"), stream("{app=\"a\"}", future, "future"),
                    stream("{app=\"a\"}", NOW_SECONDS, "now"));
            AggregatedHttpResponse response = server.post("/loki/api/v1/push", PROTOBUF, body);
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(response.contentUtf8()).contains("has timestamp too old").contains("oldest acceptable timestamp is")
                    .contains("has timestamp too new");
            assertThat(stored(server, "a")).extracting(s -> s.split(" ")[1]).containsExactly("now");
        }
    }

    @Test
    void overTheIngestionRateThePushIsRefusedWith429() throws Exception {
        // 0.001 MiB a second with the same burst: about 1 KiB at once.
        try (LogsTestServer server = new LogsTestServer(dir, limits(0.001, null, null, null))) {
            byte[] small = push(stream("{app=\"a\"}", NOW_SECONDS, "x".repeat(500)));
            byte[] big = push(stream("{app=\"a\"}", NOW_SECONDS, "y".repeat(5000)));
            assertThat(server.post("/loki/api/v1/push", PROTOBUF, small).status().code()).isEqualTo(204);
            AggregatedHttpResponse refused = server.post("/loki/api/v1/push", PROTOBUF, big);
            assertThat(refused.status().code()).isEqualTo(429);
            assertThat(refused.contentUtf8()).startsWith("Ingestion rate limit exceeded for user tenant-a (limit: 1048 bytes/sec) while attempting to ingest '1' lines totaling '5000' bytes");
            assertThat(stored(server, "a")).hasSize(1);
        }
    }

    @Test
    void newStreamsOverTheStreamLimitGet429AndOthersAreStored() throws Exception {
        try (LogsTestServer server = new LogsTestServer(dir, limits(null, null, null, 1))) {
            byte[] body = push(stream("{app=\"a\"}", NOW_SECONDS, "first"), stream("{app=\"b\"}", NOW_SECONDS, "second"));
            AggregatedHttpResponse response = server.post("/loki/api/v1/push", PROTOBUF, body);
            assertThat(response.status().code()).isEqualTo(429);
            assertThat(response.contentUtf8()).contains("Maximum active stream limit exceeded when trying to create stream {app=\"b\", service_name=\"b\"}")
                    .contains("user: 'tenant-a'");
            assertThat(stored(server, "a")).hasSize(1);
            assertThat(stored(server, "b")).isEmpty();
        }
    }
}
