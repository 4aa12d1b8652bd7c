package dev.panoptes.wire.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.wire.proto.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LokiPushDecoderTest {

    /** Records what the decoder reports, one string per call. */
    static final class RecordingSink implements LokiPushSink {
        final List<String> calls = new ArrayList<>();

        @Override
        public void stream(Labels labels) {
            calls.add("stream " + labels);
        }

        @Override
        public void entry(long timestampNanos, String line, Labels structuredMetadata) {
            calls.add(timestampNanos + " " + line + (structuredMetadata.isEmpty() ? "" : " " + structuredMetadata));
        }

        @Override
        public void rejectStream(String reason, int entries, long lineBytes) {
            calls.add("rejected " + entries + ": " + reason);
        }
    }

    static ProtoWriter entry(long seconds, int nanos, String line, String... metadata) {
        ProtoWriter e = new ProtoWriter().message(1, new ProtoWriter().varint(1, seconds).varint(2, nanos)).string(2, line);
        for (int i = 0; i < metadata.length; i += 2) {
            e.message(3, new ProtoWriter().string(1, metadata[i]).string(2, metadata[i + 1]));
        }
        return e;
    }

    static List<String> decode(byte[] body) throws LokiPushFormatException {
        RecordingSink sink = new RecordingSink();
        new LokiPushDecoder().decodeProtobuf(body, 0, body.length, sink);
        return sink.calls;
    }

    @Test
    void decodesStreamsEntriesAndStructuredMetadata() throws Exception {
        byte[] body = new ProtoWriter()
                .message(1, new ProtoWriter().string(1, "{job=\"api\", app=\"x\"}")
                        .message(2, entry(1700000000, 5, "GET /", "trace_id", "abc"))
                        .message(2, entry(1699999999, 0, "older")))
                .message(1, new ProtoWriter().message(2, entry(1, 2, "labels after entries")).string(1, "{a=\"b\"}"))
                .toByteArray();
        assertThat(decode(body)).containsExactly(
                "stream {app=\"x\", job=\"api\"}",
                "1700000000000000005 GET / {trace_id=\"abc\"}",
                "1699999999000000000 older",
                "stream {a=\"b\"}",
                "1000000002 labels after entries");
    }

    @Test
    void aStreamWithInvalidLabelsIsRejectedAndTheOthersKept() throws Exception {
        byte[] body = new ProtoWriter()
                .message(1, new ProtoWriter().string(1, "{app=x}").message(2, entry(1, 0, "a")).message(2, entry(2, 0, "b")))
                .message(1, new ProtoWriter().string(1, "{app=\"y\"}").message(2, entry(3, 0, "c")))
                .toByteArray();
        assertThat(decode(body)).containsExactly(
                "rejected 2: error parsing labels '{app=x}': parse error at line 1, col 6: expected a quoted string",
                "stream {app=\"y\"}",
                "3000000000 c");
    }

    @Test
    void malformedProtobufNamesTheProblem() {
        byte[] good = new ProtoWriter().message(1, new ProtoWriter().string(1, "{a=\"b\"}").message(2, entry(1, 0, "line"))).toByteArray();
        assertThatThrownBy(() -> decode(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(LokiPushFormatException.class).hasMessageContaining("malformed protobuf");
        assertThatThrownBy(() -> decode(new byte[] {0x0A, 0x7F, 1, 2}))
                .hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> decode(new ProtoWriter().varint(1, 5).toByteArray()))
                .hasMessageContaining("field streams has wire type 0");
        byte[] badUtf8 = new ProtoWriter().message(1, new ProtoWriter().bytes(1, new byte[] {'{', (byte) 0xC0, '}'})).toByteArray();
        assertThatThrownBy(() -> decode(badUtf8)).hasMessageContaining("invalid UTF-8");
    }

    @Test
    void decodesJsonWithNanosecondStringsAndMetadata() throws Exception {
        String json = """
                {"streams":[{"stream":{"app":"x","env":"prod"},"values":[["1700000000000000001","hello"],
                 ["1700000000000000000","with meta",{"user":"u1"}]]},
                 {"stream":{"bad-name":"x"},"values":[["1","dropped"]]}]}""";
        RecordingSink sink = new RecordingSink();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        new LokiPushDecoder().decodeJson(bytes, 0, bytes.length, sink);
        assertThat(sink.calls).containsExactly(
                "stream {app=\"x\", env=\"prod\"}",
                "1700000000000000001 hello",
                "1700000000000000000 with meta {user=\"u1\"}",
                "rejected 1: stream '{bad-name=\"x\"}' has invalid label name 'bad-name'");
    }

    @Test
    void malformedJsonIsRefusedWithWhere() {
        assertThatThrownBy(() -> decodeJson("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"x\",\"line\"]]}]}"))
                .hasMessage("streams[0].values[0]: timestamp \"x\" is not an integer number of nanoseconds since the epoch");
        assertThatThrownBy(() -> decodeJson("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"1\"]]}]}"))
                .hasMessageContaining("streams[0].values[0] must be");
        assertThatThrownBy(() -> decodeJson("{\"streams\": [")).hasMessageContaining("invalid JSON at line 1");
        assertThatThrownBy(() -> decodeJson("[]")).hasMessageContaining("\"streams\" array");
    }

    private static void decodeJson(String json) throws LokiPushFormatException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        new LokiPushDecoder().decodeJson(bytes, 0, bytes.length, new RecordingSink());
    }
}
