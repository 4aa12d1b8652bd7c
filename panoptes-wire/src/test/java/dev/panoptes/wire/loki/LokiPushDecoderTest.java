package dev.panoptes.wire.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.labels.Labels;
import com.github.loki4j.pkg.google.protobuf.Timestamp;
import com.github.loki4j.pkg.loki.protobuf.Push;
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

    /** An entry encoded by Loki's schema, as a client sends it. */
    static Push.EntryAdapter entry(long seconds, int nanos, String line, String... metadata) {
        Push.EntryAdapter.Builder e = Push.EntryAdapter.newBuilder()
                .setTimestamp(Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos)).setLine(line);
        for (int i = 0; i < metadata.length; i += 2) {
            e.addStructuredMetadata(Push.LabelPairAdapter.newBuilder().setName(metadata[i]).setValue(metadata[i + 1]));
        }
        return e.build();
    }

    static Push.StreamAdapter stream(String labels, Push.EntryAdapter... entries) {
        Push.StreamAdapter.Builder s = Push.StreamAdapter.newBuilder().setLabels(labels);
        for (Push.EntryAdapter e : entries) {
            s.addEntries(e);
        }
        return s.build();
    }

    static byte[] request(Push.StreamAdapter... streams) {
        Push.PushRequest.Builder r = Push.PushRequest.newBuilder();
        for (Push.StreamAdapter s : streams) {
            r.addStreams(s);
        }
        return r.build().toByteArray();
    }

    /** Hand-written protobuf bytes: a tag and a length-delimited field. */
    static byte[] field(int number, byte[] value) {
        byte[] out = new byte[value.length + 2];
        out[0] = (byte) (number << 3 | 2);
        out[1] = (byte) value.length;
        System.arraycopy(value, 0, out, 2, value.length);
        return out;
    }

    static List<String> decode(byte[] body) throws LokiPushFormatException {
        RecordingSink sink = new RecordingSink();
        new LokiPushDecoder().decodeProtobuf(body, 0, body.length, sink);
        return sink.calls;
    }

    @Test
    void decodesStreamsEntriesAndStructuredMetadata() throws Exception {
        // The second stream puts its labels after its entries: field order is free on the wire.
        byte[] labelsLast = concat(field(2, entry(1, 2, "labels after entries").toByteArray()),
                field(1, "{a=\"b\"}".getBytes(StandardCharsets.UTF_8)));
        byte[] body = concat(request(stream("{job=\"api\", app=\"x\"}", entry(1700000000, 5, "GET /", "trace_id", "abc"),
                entry(1699999999, 0, "older"))), field(1, labelsLast));
        assertThat(decode(body)).containsExactly(
                "stream {app=\"x\", job=\"api\"}",
                "1700000000000000005 GET / {trace_id=\"abc\"}",
                "1699999999000000000 older",
                "stream {a=\"b\"}",
                "1000000002 labels after entries");
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void aStreamWithInvalidLabelsIsRejectedAndTheOthersKept() throws Exception {
        byte[] body = request(stream("{app=x}", entry(1, 0, "a"), entry(2, 0, "b")), stream("{app=\"y\"}", entry(3, 0, "c")));
        assertThat(decode(body)).containsExactly(
                "rejected 2: error parsing labels '{app=x}': parse error at line 1, col 6: expected a quoted string",
                "stream {app=\"y\"}",
                "3000000000 c");
    }

    @Test
    void malformedProtobufNamesTheProblem() {
        byte[] good = request(stream("{a=\"b\"}", entry(1, 0, "line")));
        assertThatThrownBy(() -> decode(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(LokiPushFormatException.class).hasMessageContaining("malformed protobuf");
        assertThatThrownBy(() -> decode(new byte[] {0x0A, 0x7F, 1, 2}))
                .hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> decode(new byte[] {0x08, 0x05}))
                .hasMessageContaining("field streams has wire type 0");
        byte[] badUtf8 = field(1, field(1, new byte[] {'{', (byte) 0xC0, '}'}));
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
