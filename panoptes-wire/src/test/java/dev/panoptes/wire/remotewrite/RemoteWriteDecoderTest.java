package dev.panoptes.wire.remotewrite;

import static dev.panoptes.wire.remotewrite.ProtoWriter.label;
import static dev.panoptes.wire.remotewrite.ProtoWriter.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RemoteWriteDecoderTest {

    private final List<String> events = new ArrayList<>();
    private final RemoteWriteSink sink = new RemoteWriteSink() {
        @Override
        public void series(Labels labels) {
            events.add("series " + labels);
        }

        @Override
        public void sample(long t, double value) {
            events.add("sample " + t + " " + value);
        }

        @Override
        public void histogram(long t, Histogram h, FloatHistogram fh) {
            events.add("histogram " + t + " " + (h != null ? "int " + h.count() + " " + java.util.Arrays.toString(h.positiveBuckets())
                    : "float " + fh.count() + " " + java.util.Arrays.toString(fh.positiveBuckets())));
        }

        @Override
        public void exemplar(Labels labels, double value, long t) {
            events.add("exemplar " + labels + " " + value + " " + t);
        }

        @Override
        public void metadata(String family, String type, String help, String unit) {
            events.add("metadata " + family + " " + type + " " + help + " " + unit);
        }

        @Override
        public void createdTimestamp(long t) {
            events.add("created " + t);
        }

        @Override
        public void sample(long st, long t, double value) {
            events.add((st != 0 ? "start " + st + " " : "") + "sample " + t + " " + value);
        }

        @Override
        public void histogram(long st, long t, Histogram h, FloatHistogram fh) {
            if (st != 0) {
                events.add("start " + st);
            }
            histogram(t, h, fh);
        }
    };

    private final RemoteWriteDecoder decoder = new RemoteWriteDecoder(1024, 2048, 30);

    static byte[] v1Request() {
        ProtoWriter series1 = new ProtoWriter()
                .message(1, label("__name__", "http_requests_total")).message(1, label("job", "api"))
                .message(2, sample(1, 1000)).message(2, sample(2, 2000))
                .message(3, new ProtoWriter().message(1, label("trace_id", "abc")).fixed64(2, 1.5).varint(3, 2000));
        ProtoWriter histogram = new ProtoWriter().varint(1, 5).fixed64(3, 12.5).sint(4, 3).fixed64(5, 0.001).varint(6, 1)
                .message(11, new ProtoWriter().sint(1, -2).varint(2, 3)).packedVarints(12, 4, 0, 1) // zig-zag of 2, 0, -1
               .varint(14, 2).varint(15, 3000);
        ProtoWriter series2 = new ProtoWriter().message(1, label("__name__", "rpc_seconds")).message(4, histogram);
        ProtoWriter metadata = new ProtoWriter().varint(1, 1).string(2, "http_requests_total").string(4, "Requests.").string(5, "");
        return new ProtoWriter().message(1, series1).message(1, series2).message(3, metadata).toByteArray();
    }

    @Test
    void remoteWrite1DecodesSeriesSamplesExemplarsHistogramsAndMetadata() throws Exception {
        byte[] body = v1Request();
        decoder.decodeV1(body, 0, body.length, sink);
        assertThat(events).containsExactly(
                "series {__name__=\"http_requests_total\", job=\"api\"}",
                "sample 1000 1.0",
                "sample 2000 2.0",
                "exemplar {trace_id=\"abc\"} 1.5 2000",
                "series {__name__=\"rpc_seconds\"}",
                "histogram 3000 int 5 [2, 0, -1]",
                "metadata http_requests_total counter Requests. ");
    }

    @Test
    void remoteWrite2ResolvesSymbolsWhereverTheTableIs() throws Exception {
        ProtoWriter series = new ProtoWriter().packedVarints(1, 1, 2, 3, 4).message(2, sample(7, 5000))
                .message(4, new ProtoWriter().packedVarints(1, 5, 6).fixed64(2, 7).varint(3, 5000))
                .message(5, new ProtoWriter().varint(1, 2).varint(3, 7).varint(4, 0))
                .varint(6, 4000);
        // Series before symbols: the table is read first regardless.
        ProtoWriter request = new ProtoWriter().message(5, series);
        for (String s : List.of("", "__name__", "temperature", "room", "kitchen", "trace_id", "t1", "Room temperature.")) {
            request.string(4, s);
        }
        byte[] body = request.toByteArray();
        decoder.decodeV2(body, 0, body.length, sink);
        assertThat(events).containsExactly(
                "series {__name__=\"temperature\", room=\"kitchen\"}",
                "created 4000",
                "sample 5000 7.0",
                "exemplar {trace_id=\"t1\"} 7.0 5000",
                "metadata temperature gauge Room temperature. ");
    }

    @Test
    void remoteWrite2StartTimestampsOfSamplesAndHistogramsReachTheSink() throws Exception {
        ProtoWriter histogram = new ProtoWriter().varint(1, 5).fixed64(3, 12.5).sint(4, 0).varint(15, 6000).varint(17, 5500);
        ProtoWriter series = new ProtoWriter().packedVarints(1, 1, 2)
                .message(2, new ProtoWriter().fixed64(1, 7).varint(2, 5000).varint(3, 4500))
                .message(2, sample(8, 5500))
                .message(3, histogram);
        ProtoWriter request = new ProtoWriter().message(5, series);
        for (String s : List.of("", "__name__", "requests_total")) {
            request.string(4, s);
        }
        byte[] body = request.toByteArray();
        decoder.decodeV2(body, 0, body.length, sink);
        assertThat(events).containsExactly(
                "series {__name__=\"requests_total\"}",
                "start 4500 sample 5000 7.0",
                "sample 5500 8.0",
                "start 5500",
                "histogram 6000 int 5 []");
    }

    private void assertRejected(byte[] body, boolean v2, String message) {
        assertThatThrownBy(() -> {
            if (v2) {
                decoder.decodeV2(body, 0, body.length, sink);
            } else {
                decoder.decodeV1(body, 0, body.length, sink);
            }
        }).isInstanceOf(RemoteWriteFormatException.class).hasMessageContaining(message);
    }

    private static byte[] v1Series(ProtoWriter... labels) {
        ProtoWriter series = new ProtoWriter();
        for (ProtoWriter label : labels) {
            series.message(1, label);
        }
        series.message(2, sample(1, 1));
        return new ProtoWriter().message(1, series).toByteArray();
    }

    @Test
    void invalidSeriesAreRefusedWithTheReason() {
        assertRejected(v1Series(label("job", "a"), label("__name__", "x")), false, "not sorted");
        assertRejected(v1Series(label("__name__", "x"), label("a", "1"), label("a", "2")), false, "not sorted or duplicated");
        assertRejected(v1Series(label("", "v"), label("__name__", "x")), false, "empty name");
        assertRejected(v1Series(label("job", "a")), false, "without a metric name");
        assertRejected(v1Series(label("__name__", "x"), label("big", "v".repeat(5000))), false, "more than the limit of 2048");
        ProtoWriter manyLabels = new ProtoWriter().message(1, label("__name__", "x"));
        for (int i = 0; i < 40; i++) {
            manyLabels.message(1, label(String.format("l%02d", i), "v"));
        }
        assertRejected(new ProtoWriter().message(1, manyLabels).toByteArray(), false, "more than the limit of 30");
        byte[] badUtf8 = new ProtoWriter().message(1, new ProtoWriter()
                .message(1, new ProtoWriter().string(1, "__name__").bytes(2, new byte[] {'x', (byte) 0xC3, (byte) 0x28}))).toByteArray();
        assertRejected(badUtf8, false, "invalid UTF-8");
    }

    @Test
    void remoteWrite2SymbolProblemsAreRefused() {
        ProtoWriter badRef = new ProtoWriter().string(4, "").string(4, "__name__").message(5, new ProtoWriter().packedVarints(1, 1, 9));
        assertRejected(badRef.toByteArray(), true, "symbol reference 9 out of range");
        ProtoWriter odd = new ProtoWriter().string(4, "").string(4, "__name__").message(5, new ProtoWriter().packedVarints(1, 1));
        assertRejected(odd.toByteArray(), true, "odd length");
        ProtoWriter firstNotEmpty = new ProtoWriter().string(4, "__name__");
        assertRejected(firstNotEmpty.toByteArray(), true, "first symbol must be the empty string");
    }

    @Test
    void noTruncationOrCorruptionEscapesAsAnythingButAFormatError() {
        byte[] body = v1Request();
        for (int cut = 0; cut < body.length; cut++) {
            tryDecode(body, cut);
        }
        Random random = new Random(5);
        for (int i = 0; i < 2000; i++) {
            byte[] copy = body.clone();
            for (int k = 0; k < 3; k++) {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            }
            tryDecode(copy, copy.length);
        }
    }

    private void tryDecode(byte[] body, int length) {
        try {
            decoder.decodeV1(body, 0, length, sink);
        } catch (RemoteWriteFormatException expected) {
            // The only acceptable failure.
        }
        try {
            decoder.decodeV2(body, 0, length, sink);
        } catch (RemoteWriteFormatException expected) {
            // Likewise.
        }
    }
}
