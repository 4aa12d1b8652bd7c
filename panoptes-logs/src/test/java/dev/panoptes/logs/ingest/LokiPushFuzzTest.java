package dev.panoptes.logs.ingest;

import static dev.panoptes.logs.ingest.LokiPushServiceTest.NOW_SECONDS;
import static dev.panoptes.logs.ingest.LokiPushServiceTest.PROTOBUF;
import static dev.panoptes.logs.ingest.LokiPushServiceTest.gzip;
import static dev.panoptes.logs.ingest.LokiPushServiceTest.json;
import static dev.panoptes.logs.ingest.LokiPushServiceTest.push;
import static dev.panoptes.logs.ingest.LokiPushServiceTest.snappy;
import static dev.panoptes.logs.ingest.LokiPushServiceTest.stored;
import static dev.panoptes.logs.ingest.LokiPushServiceTest.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import dev.panoptes.logs.LogsTestServer;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged pushes, made by flipping, cutting, repeating and inserting bytes of valid ones (snappy
 * protobuf, its protobuf before compression, JSON, gzipped JSON): each is either stored or refused
 * with a 4xx that says why, never a 5xx or a hang, and the entries acknowledged before them stay
 * readable, the server still taking pushes afterwards.
 */
class LokiPushFuzzTest {

    @TempDir
    Path dir;

    @Test
    void damagedPushesAreRefusedWithA4xxAndLoseNothing() throws Exception {
        Random random = new Random(23);
        byte[] protobufRaw = rawProtobuf();
        byte[] snappyProtobuf = push(stream("{app=\"fuzz\", pod=\"p1\"}", NOW_SECONDS, "GET /a 200", "GET /b 500 ünï"),
                stream("{app=\"fuzz\", pod=\"p2\"}", NOW_SECONDS + 3, "POST /c 201"));
        byte[] jsonBody = ("{\"streams\":[{\"stream\":{\"app\":\"fuzz\",\"pod\":\"p3\"},\"values\":[[\"" + NOW_SECONDS
                + "000000000\",\"line one\",{\"trace_id\":\"abc\"}],[\"" + (NOW_SECONDS + 1) + "000000000\",\"line two\"]]}]}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] gzipJson = gzip(jsonBody);
        try (LogsTestServer server = new LogsTestServer(dir, LogLimits.defaults())) {
            assertThat(server.post("/loki/api/v1/push", PROTOBUF, json("{\"app\":\"kept\"}", NOW_SECONDS, "before")).status().code())
                    .as("JSON sent as protobuf").isEqualTo(400);
            assertThat(server.post("/loki/api/v1/push", MediaType.JSON, json("{\"app\":\"kept\"}", NOW_SECONDS, "before")).status().code())
                    .isEqualTo(204);
            int stored = 0;
            int refused = 0;
            for (int i = 0; i < 1200; i++) {
                AggregatedHttpResponse response;
                switch (i % 4) {
                    case 0 -> response = server.post("/loki/api/v1/push", PROTOBUF, damage(snappyProtobuf, random));
                    case 1 -> response = server.post("/loki/api/v1/push", PROTOBUF, snappy(damage(protobufRaw, random)));
                    case 2 -> response = server.post("/loki/api/v1/push", MediaType.JSON, damage(jsonBody, random));
                    default -> response = server.post("/loki/api/v1/push", MediaType.JSON, damage(gzipJson, random), "Content-Encoding", "gzip");
                }
                int status = response.status().code();
                assertThat(status).as("push %d answered %s", i, response.contentUtf8()).isIn(204, 400, 413, 415, 429);
                if (status == 204) {
                    stored++;
                } else {
                    refused++;
                    assertThat(response.contentUtf8()).as("a refusal names the problem").isNotBlank();
                }
            }
            // Damage inside a line's text or a label value can leave a valid push; most is caught.
            assertThat(refused).as("pushes refused, of 1200").isGreaterThan(900);
            assertThat(stored + refused).isEqualTo(1200);
            assertThat(stored(server, "kept")).containsExactly(NOW_SECONDS + "000000000 before");
            assertThat(server.post("/loki/api/v1/push", PROTOBUF, snappyProtobuf).status().code()).isEqualTo(204);
            assertThat(stored(server, "fuzz")).contains(NOW_SECONDS + "000000007 GET /a 200", (NOW_SECONDS + 3) + "000000007 POST /c 201");
        }
    }

    private static byte[] rawProtobuf() {
        // The protobuf inside a snappy push, as the appender would write it before compressing.
        byte[] compressed = push(stream("{app=\"fuzz\", pod=\"p4\"}", NOW_SECONDS, "raw one", "raw two"));
        SnappyDecompressor d = new SnappyDecompressor();
        byte[] out = new byte[SnappyDecompressor.getUncompressedLength(compressed, 0)];
        d.decompress(compressed, 0, compressed.length, out, 0, out.length);
        return out;
    }

    /** One to four random changes: a byte flipped, the body cut short, a run repeated, or random bytes inserted. */
    private static byte[] damage(byte[] body, Random random) {
        byte[] out = body.clone();
        int changes = 1 + random.nextInt(4);
        for (int c = 0; c < changes && out.length > 0; c++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(4)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out = Arrays.copyOf(out, at);
                case 2 -> {
                    int length = Math.min(1 + random.nextInt(16), out.length - at);
                    byte[] longer = new byte[out.length + length];
                    System.arraycopy(out, 0, longer, 0, at + length);
                    System.arraycopy(out, at, longer, at + length, out.length - at);
                    out = longer;
                }
                default -> {
                    byte[] noise = new byte[1 + random.nextInt(8)];
                    random.nextBytes(noise);
                    byte[] longer = new byte[out.length + noise.length];
                    System.arraycopy(out, 0, longer, 0, at);
                    System.arraycopy(noise, 0, longer, at, noise.length);
                    System.arraycopy(out, at, longer, at + noise.length, out.length - at);
                    out = longer;
                }
            }
        }
        return out;
    }
}
