package dev.panoptes.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.Server;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.InMemoryStorage;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.MetricType;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteWriteServiceTest {

    private final Map<String, InMemoryStorage> tenants = new ConcurrentHashMap<>();
    private Server server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        RemoteWriteService service = new RemoteWriteService(t -> tenants.computeIfAbsent(t.value(), n -> new InMemoryStorage()),
                IngestLimits.defaults());
        // A second endpoint with a rate limit of 10 samples a second, burst 3.
        RemoteWriteService limited = new RemoteWriteService(t -> tenants.computeIfAbsent(t.value(), n -> new InMemoryStorage()),
                new IngestLimits(null, null, null, 10.0, 3));
        RemoteWriteService createdZeros = new RemoteWriteService(t -> tenants.computeIfAbsent(t.value(), n -> new InMemoryStorage()),
                IngestLimits.defaults(), true);
        server = Server.builder().http(0).service("/api/v1/push", service).service("/limited/push", limited)
                .service("/ct/push", createdZeros).build();
        server.start().join();
    }

    @AfterAll
    void stop() {
        server.stop().join();
    }

    @BeforeEach
    void clear() {
        tenants.clear();
    }

    private InMemoryStorage storage() {
        return tenants.computeIfAbsent("t1", n -> new InMemoryStorage());
    }

    private HttpResponse<String> post(byte[] body, String contentType, String encoding) throws Exception {
        return post("/api/v1/push", body, contentType, encoding);
    }

    private HttpResponse<String> post(String path, byte[] body, String contentType, String encoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.activeLocalPort() + path))
                .header("X-Scope-OrgID", "t1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postV1(byte[] protobuf) throws Exception {
        return post(snappy(protobuf), "application/x-protobuf", "snappy");
    }

    static byte[] snappy(byte[] raw) {
        SnappyCompressor compressor = new SnappyCompressor();
        byte[] out = new byte[compressor.maxCompressedLength(raw.length)];
        int n = compressor.compress(raw, 0, raw.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    @Test
    void aValidRemoteWrite1RequestIsStoredAnd204() throws Exception {
        byte[] body = Proto.writeRequest(
                Proto.series(List.of("__name__", "up", "job", "api"), new double[] {1, 1}, new long[] {1000, 2000}),
                Proto.series(List.of("__name__", "up", "job", "db"), new double[] {0}, new long[] {1000}));
        HttpResponse<String> response = postV1(Proto.withMetadata(body, "up", 2, "Whether the target is up."));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(storage().dump()).hasSize(2);
        assertThat(storage().dump().get(Labels.of("__name__", "up", "job", "api"))).hasSize(2);
        assertThat(storage().metadata("up", 0, 0).get("up")).containsExactly(new MetricMetadata(MetricType.GAUGE, "Whether the target is up.", ""));
    }

    @Test
    void aValidRemoteWrite2RequestIsStoredWithWrittenHeaders() throws Exception {
        byte[] body = Proto.v2Request(List.of("", "__name__", "temperature", "room", "kitchen"), new int[] {1, 2, 3, 4},
                new double[] {21.5, 21.7}, new long[] {1000, 2000});
        HttpResponse<String> response = post(snappy(body), "application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written")).contains("2");
        assertThat(response.headers().firstValue("X-Prometheus-Remote-Write-Histograms-Written")).contains("0");
        assertThat(storage().dump().get(Labels.of("__name__", "temperature", "room", "kitchen"))).hasSize(2);
    }

    private HttpResponse<String> postV2WithCreated(String path, long created, double value, long t) throws Exception {
        byte[] body = Proto.v2Request(List.of("", "__name__", "jobs_total"), new int[] {1, 2}, new double[] {value}, new long[] {t}, created);
        return post(path, snappy(body), "application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy");
    }

    @Test
    void createdTimestampsAddNoSampleByDefault() throws Exception {
        HttpResponse<String> response = postV2WithCreated("/api/v1/push", 500, 3, 1000);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(storage().dump().get(Labels.of("__name__", "jobs_total"))).extracting(InMemoryStorage.Sample::t).containsExactly(1000L);
    }

    @Test
    void startTimestampsAreStoredWithTheSamplesTheSeriesCreatedTimestampStandingInForMissingOnes() throws Exception {
        byte[] body = Proto.v2Request(List.of("", "__name__", "jobs_total"), new int[] {1, 2}, new double[] {1, 2, 3},
                new long[] {1000, 2000, 3000}, new long[] {400, 0, 2500}, 300);
        HttpResponse<String> response = post("/api/v1/push", snappy(body), "application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(storage().dump().get(Labels.of("__name__", "jobs_total"))).extracting(InMemoryStorage.Sample::startTimestamp)
                .containsExactly(400L, 300L, 2500L);
    }

    @Test
    void withCreatedTimestampZeroIngestionAZeroGoesInOnceAtTheCreatedTimestamp() throws Exception {
        HttpResponse<String> first = postV2WithCreated("/ct/push", 500, 3, 1000);
        HttpResponse<String> repeated = postV2WithCreated("/ct/push", 500, 5, 2000);
        HttpResponse<String> restarted = postV2WithCreated("/ct/push", 2500, 1, 3000);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(204);
        assertThat(first.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written")).contains("1");
        assertThat(repeated.statusCode()).as(repeated.body()).isEqualTo(204);
        assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(204);
        List<InMemoryStorage.Sample> samples = storage().dump().get(Labels.of("__name__", "jobs_total"));
        assertThat(samples).extracting(InMemoryStorage.Sample::t).containsExactly(500L, 1000L, 2000L, 2500L, 3000L);
        assertThat(samples).extracting(InMemoryStorage.Sample::value).containsExactly(0.0, 3.0, 5.0, 0.0, 1.0);
    }

    @Test
    void badInputIsA4xxNamingTheProblemAndStoresNothing() throws Exception {
        byte[] valid = Proto.writeRequest(Proto.series(List.of("__name__", "up"), new double[] {1}, new long[] {1000}));
        assertThat(post("not snappy at all".getBytes(StandardCharsets.UTF_8), "application/x-protobuf", "snappy"))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                .satisfies(r -> assertThat(r.body()).contains("snappy"));
        byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
        byte[] twoSeries = Proto.writeRequest(Proto.series(List.of("__name__", "ok"), new double[] {1}, new long[] {1000}), truncated);
        assertThat(postV1(twoSeries)).satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                .satisfies(r -> assertThat(r.body()).contains("malformed protobuf").contains("nothing of this request was stored"));
        assertThat(postV1(Proto.writeRequest(Proto.series(List.of("job", "a", "__name__", "x"), new double[] {1}, new long[] {1}))))
                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(400))
                .satisfies(r -> assertThat(r.body()).contains("not sorted"));
        assertThat(post(snappy(valid), "application/json", "snappy").statusCode()).isEqualTo(415);
        assertThat(post(snappy(valid), "application/x-protobuf;proto=something.Else", "snappy").statusCode()).isEqualTo(415);
        assertThat(post(valid, "application/x-protobuf", null).statusCode()).isEqualTo(415);
        assertThat(storage().dump()).isEmpty();
        // The server is unharmed.
        assertThat(postV1(valid).statusCode()).isEqualTo(204);
    }

    @Test
    void aPartialRejectionStoresTheRestAndSaysWhatWasDropped() throws Exception {
        assertThat(postV1(Proto.writeRequest(Proto.series(List.of("__name__", "up"), new double[] {1}, new long[] {5000}))).statusCode())
                .isEqualTo(204);
        byte[] body = Proto.writeRequest(
                Proto.series(List.of("__name__", "up"), new double[] {1, 1}, new long[] {4000, 6000}),
                Proto.series(List.of("__name__", "other"), new double[] {3}, new long[] {1000}));
        HttpResponse<String> response = postV1(body);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("1 of 3 samples refused").contains("out of order sample: 1").contains("the rest were stored");
        assertThat(storage().dump().get(Labels.of("__name__", "up"))).hasSize(2);
        assertThat(storage().dump().get(Labels.of("__name__", "other"))).hasSize(1);
    }

    @Test
    void overTheRateLimitIsA429AndStoresNothing() throws Exception {
        byte[] three = Proto.writeRequest(Proto.series(List.of("__name__", "a"), new double[] {1, 2, 3}, new long[] {1, 2, 3}));
        byte[] two = Proto.writeRequest(Proto.series(List.of("__name__", "b"), new double[] {1, 2}, new long[] {1, 2}));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.activeLocalPort() + "/limited/push"))
                .header("X-Scope-OrgID", "t1").header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy");
        assertThat(client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(snappy(three))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
        HttpResponse<String> refused = client.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(snappy(two))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("ingestion rate limit of 10 samples/s (burst 3)");
        assertThat(storage().dump()).containsOnlyKeys(Labels.of("__name__", "a"));
    }

    /** Hand-built remote write bodies. */
    static final class Proto {
        static byte[] series(List<String> labels, double[] values, long[] times) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < labels.size(); i += 2) {
                ByteArrayOutputStream label = new ByteArrayOutputStream();
                string(label, 1, labels.get(i));
                string(label, 2, labels.get(i + 1));
                bytes(out, 1, label.toByteArray());
            }
            for (int i = 0; i < values.length; i++) {
                bytes(out, 2, sample(values[i], times[i]));
            }
            return out.toByteArray();
        }

        static byte[] sample(double value, long t) {
            ByteArrayOutputStream sample = new ByteArrayOutputStream();
            sample.write(1 << 3 | 1);
            long bits = Double.doubleToRawLongBits(value);
            for (int k = 0; k < 8; k++) {
                sample.write((int) (bits >>> (8 * k)));
            }
            sample.write(2 << 3);
            varint(sample, t);
            return sample.toByteArray();
        }

        static byte[] writeRequest(byte[]... series) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] s : series) {
                bytes(out, 1, s);
            }
            return out.toByteArray();
        }

        static byte[] withMetadata(byte[] request, String family, int type, String help) {
            ByteArrayOutputStream metadata = new ByteArrayOutputStream();
            metadata.write(1 << 3);
            varint(metadata, type);
            string(metadata, 2, family);
            string(metadata, 4, help);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(request);
            bytes(out, 3, metadata.toByteArray());
            return out.toByteArray();
        }

        static byte[] v2Request(List<String> symbols, int[] labelRefs, double[] values, long[] times) {
            return v2Request(symbols, labelRefs, values, times, 0);
        }

        static byte[] v2Request(List<String> symbols, int[] labelRefs, double[] values, long[] times, long created) {
            return v2Request(symbols, labelRefs, values, times, new long[values.length], created);
        }

        /** As above with each sample's {@code start_timestamp} (field 3; 0 leaves it out). */
        static byte[] v2Request(List<String> symbols, int[] labelRefs, double[] values, long[] times, long[] starts, long created) {
            ByteArrayOutputStream series = new ByteArrayOutputStream();
            ByteArrayOutputStream refs = new ByteArrayOutputStream();
            for (int ref : labelRefs) {
                varint(refs, ref);
            }
            bytes(series, 1, refs.toByteArray());
            for (int i = 0; i < values.length; i++) {
                ByteArrayOutputStream sample = new ByteArrayOutputStream();
                sample.writeBytes(sample(values[i], times[i]));
                if (starts[i] != 0) {
                    sample.write(3 << 3);
                    varint(sample, starts[i]);
                }
                bytes(series, 2, sample.toByteArray());
            }
            if (created != 0) {
                series.write(6 << 3);
                varint(series, created);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String symbol : symbols) {
                string(out, 4, symbol);
            }
            bytes(out, 5, series.toByteArray());
            return out.toByteArray();
        }

        static void string(ByteArrayOutputStream out, int field, String s) {
            bytes(out, field, s.getBytes(StandardCharsets.UTF_8));
        }

        static void bytes(ByteArrayOutputStream out, int field, byte[] b) {
            varint(out, (long) field << 3 | 2);
            varint(out, b.length);
            out.writeBytes(b);
        }

        static void varint(ByteArrayOutputStream out, long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }

}
