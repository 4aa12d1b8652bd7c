package dev.panoptes.metrics.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.panoptes.core.histogram.BucketCursor;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.text.ShortestDigits;
import dev.panoptes.metrics.promql.Matrix;
import dev.panoptes.metrics.promql.RangeSeries;
import dev.panoptes.metrics.promql.Sample;
import dev.panoptes.metrics.promql.Scalar;
import dev.panoptes.metrics.promql.StringValue;
import dev.panoptes.metrics.promql.Value;
import dev.panoptes.metrics.promql.Vector;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Query values in the API's result formats: a vector as {@code [{"metric":{..},"value":[t,"v"]}]}
 * (or {@code "histogram":[t,{..}]}), a matrix as {@code [{"metric":{..},"values":[..],"histograms":[..]}]},
 * scalars and strings as {@code [t,"v"]}; sample times with their milliseconds written out
 * ({@code 1.500}) as Prometheus' own encoder writes them, scalar and string times as the shortest
 * float ({@code 1.5}) as its generic one does; labels in their stored order; native histograms as
 * count, sum and the non-empty buckets with their boundary rule. Writes straight to the
 * generator, and a matrix's float points as ASCII bytes straight to the generator's stream.
 * Not thread-safe (it reuses a bucket cursor and buffers): one per response.
 */
final class ValueJson {

    /** Prometheus' boundary rules of a bucket: which of its ends belong to it. */
    private static final int OPEN_LEFT = 0;
    private static final int OPEN_RIGHT = 1;
    private static final int OPEN_BOTH = 2;
    private static final int CLOSED_BOTH = 3;

    private final BucketCursor buckets = new BucketCursor();
    /** Scratch space for one timestamp's digits. */
    private final char[] number = new char[24];
    private final byte[] numberBytes = new byte[24];
    /** A buffer of points is written out once it passes this many bytes; a point is at most 64 more. */
    private static final int POINT_BYTES_FLUSH = 8192;
    private final byte[] points = new byte[POINT_BYTES_FLUSH + 128];
    /** The shortest-digits conversion of the values that are neither integral nor short decimals. */
    private final ShortestDigits decimal = new ShortestDigits();

    /** The name of the value's type in {@code resultType}. */
    static String resultType(Value value) {
        return switch (value) {
            case Scalar s -> "scalar";
            case StringValue s -> "string";
            case Vector v -> "vector";
            case Matrix m -> "matrix";
        };
    }

    /** Writes {@code value} as the {@code result} field's value. */
    void write(JsonGenerator json, Value value) throws IOException {
        switch (value) {
            // Prometheus writes scalars and strings through Go's generic encoder: the time as the
            // shortest float of seconds (1.5, not 1.500) and a scalar's value never in exponent form.
            case Scalar s -> {
                json.writeStartArray();
                json.writeNumber(NumberText.jsonNumber(s.timestamp() / 1000.0));
                json.writeString(NumberText.fixed(s.value()));
                json.writeEndArray();
            }
            case StringValue s -> {
                json.writeStartArray();
                json.writeNumber(NumberText.jsonNumber(s.timestamp() / 1000.0));
                json.writeString(s.value());
                json.writeEndArray();
            }
            case Vector v -> vector(json, v.samples());
            case Matrix m -> matrix(json, m.series());
        }
    }

    private void vector(JsonGenerator json, List<Sample> samples) throws IOException {
        json.writeStartArray();
        for (Sample s : samples) {
            json.writeStartObject();
            json.writeFieldName("metric");
            labels(json, s.labels());
            if (s.histogram() == null) {
                json.writeArrayFieldStart("value");
                timestamp(json, s.timestamp());
                // No escaping needed: the generator copies the ASCII bytes between its quotes.
                int length = NumberText.sampleValueBytes(s.value(), points, 0, decimal);
                json.writeRawUTF8String(points, 0, length);
            } else {
                json.writeArrayFieldStart("histogram");
                timestamp(json, s.timestamp());
                histogram(json, s.histogram());
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private void matrix(JsonGenerator json, List<RangeSeries> series) throws IOException {
        json.writeStartArray();
        for (RangeSeries s : series) {
            json.writeStartObject();
            json.writeFieldName("metric");
            labels(json, s.labels());
            int floats = s.floatCount();
            if (floats > 0) {
                long[] ts = s.floatTimestamps();
                double[] vs = s.floats();
                json.writeFieldName("values");
                values(json, ts, vs, floats);
            }
            int histograms = s.histogramCount();
            if (histograms > 0) {
                long[] ts = s.histogramTimestamps();
                FloatHistogram[] hs = s.histograms();
                json.writeArrayFieldStart("histograms");
                for (int i = 0; i < histograms; i++) {
                    json.writeStartArray();
                    timestamp(json, ts[i]);
                    histogram(json, hs[i]);
                    json.writeEndArray();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** A label set as an object, names in the set's order. */
    static void labels(JsonGenerator json, Labels labels) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < labels.size(); i++) {
            json.writeStringField(labels.name(i), labels.value(i));
        }
        json.writeEndObject();
    }

    /**
     * A series' {@code [[t,"v"],...]} array. The points need no escaping and are all ASCII, so
     * they are formatted as bytes and handed to the generator's stream in blocks, after the
     * generator has written out what it holds; the generator only writes the brackets. Going
     * through the generator's raw writes instead would copy every character once more.
     */
    private void values(JsonGenerator json, long[] ts, double[] vs, int n) throws IOException {
        json.writeStartArray();
        OutputStream stream = json.getOutputTarget() instanceof OutputStream o ? o : null;
        json.flush();
        byte[] out = points;
        int at = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            out[at++] = '[';
            at = NumberText.timestampBytes(ts[i], out, at);
            out[at++] = ',';
            out[at++] = '"';
            at = NumberText.sampleValueBytes(vs[i], out, at, decimal);
            out[at++] = '"';
            out[at++] = ']';
            if (at > POINT_BYTES_FLUSH) {
                writePoints(json, stream, out, at);
                at = 0;
            }
        }
        writePoints(json, stream, out, at);
        json.writeEndArray();
    }

    /** Straight to the stream when the generator writes to one, else as raw text through it. */
    private static void writePoints(JsonGenerator json, OutputStream stream, byte[] out, int length) throws IOException {
        if (stream != null) {
            stream.write(out, 0, length);
        } else {
            json.writeRaw(new String(out, 0, length, StandardCharsets.US_ASCII));
        }
    }

    /** A timestamp in milliseconds as seconds with a fraction. */
    void timestamp(JsonGenerator json, long millis) throws IOException {
        int length = NumberText.timestampBytes(millis, numberBytes, 0);
        for (int i = 0; i < length; i++) {
            number[i] = (char) numberBytes[i];
        }
        json.writeNumber(number, 0, length);
    }

    /** A native histogram: count, sum and the non-empty buckets in value order. */
    void histogram(JsonGenerator json, FloatHistogram h) throws IOException {
        json.writeStartObject();
        json.writeStringField("count", NumberText.sampleValue(h.count()));
        json.writeStringField("sum", NumberText.sampleValue(h.sum()));
        boolean any = false;
        buckets.reset(h);
        while (buckets.next()) {
            if (buckets.count() == 0) {
                continue;
            }
            if (!any) {
                json.writeArrayFieldStart("buckets");
                any = true;
            }
            json.writeStartArray();
            json.writeNumber(boundaryRule(buckets.lowerInclusive(), buckets.upperInclusive()));
            json.writeString(NumberText.sampleValue(buckets.lower()));
            json.writeString(NumberText.sampleValue(buckets.upper()));
            json.writeString(NumberText.sampleValue(buckets.count()));
            json.writeEndArray();
        }
        if (any) {
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static int boundaryRule(boolean lowerInclusive, boolean upperInclusive) {
        if (lowerInclusive) {
            return upperInclusive ? CLOSED_BOTH : OPEN_RIGHT;
        }
        return upperInclusive ? OPEN_LEFT : OPEN_BOTH;
    }
}
