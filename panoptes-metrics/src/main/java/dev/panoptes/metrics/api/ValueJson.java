package dev.panoptes.metrics.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.panoptes.core.histogram.BucketCursor;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.promql.Matrix;
import dev.panoptes.metrics.promql.RangeSeries;
import dev.panoptes.metrics.promql.Sample;
import dev.panoptes.metrics.promql.Scalar;
import dev.panoptes.metrics.promql.StringValue;
import dev.panoptes.metrics.promql.Value;
import dev.panoptes.metrics.promql.Vector;
import java.io.IOException;
import java.util.List;

/**
 * Query values in the API's result formats: a vector as {@code [{"metric":{..},"value":[t,"v"]}]}
 * (or {@code "histogram":[t,{..}]}), a matrix as {@code [{"metric":{..},"values":[..],"histograms":[..]}]},
 * scalars and strings as {@code [t,"v"]}; sample times with their milliseconds written out
 * ({@code 1.500}) as Prometheus' own encoder writes them, scalar and string times as the shortest
 * float ({@code 1.5}) as its generic one does; labels in their stored order; native histograms as
 * count, sum and the non-empty buckets with their boundary rule. Writes straight to the
 * generator, one point at a time. Not thread-safe (it reuses a bucket cursor): one per response.
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
    /** Scratch space for one point: a timestamp, a value of at most 25 characters, and punctuation. */
    /** A raw write is cut once it passes this many characters; a point is at most 62 more. */
    private static final int RAW_WRITE_CHARS = 2400;
    private final char[] valuesChars = new char[RAW_WRITE_CHARS + 128];
    private final StringBuilder decimal = new StringBuilder(32);

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
                json.writeString(NumberText.sampleValue(s.value()));
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
     * A series' {@code [[t,"v"],...]} array in a few raw writes: its characters never need
     * escaping, and a generator call per few dozen points instead of one per point is most of the
     * cost of a large matrix. Each write stays within what the generator copies in its fast path
     * (a third of its 8000-byte buffer); larger writes take its slow, character-by-character one.
     */
    private void values(JsonGenerator json, long[] ts, double[] vs, int n) throws IOException {
        char[] out = valuesChars;
        int at = 0;
        out[at++] = '[';
        boolean first = true;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            at = pointChars(out, at, ts[i], vs[i]);
            if (at > RAW_WRITE_CHARS) {
                first = rawWrite(json, out, at, first);
                at = 0;
            }
        }
        out[at++] = ']';
        rawWrite(json, out, at, first);
    }

    /** The first write of a value goes through the generator's value bookkeeping, the rest are plain raw text. */
    private static boolean rawWrite(JsonGenerator json, char[] out, int length, boolean first) throws IOException {
        if (first) {
            json.writeRawValue(out, 0, length);
        } else {
            json.writeRaw(out, 0, length);
        }
        return false;
    }

    /** Writes {@code [t,"v"]} into {@code out} at {@code at}; returns the position after it. */
    private int pointChars(char[] out, int at, long t, double v) {
        int n = at;
        out[n++] = '[';
        int length = NumberText.timestampChars(t, number);
        System.arraycopy(number, 0, out, n, length);
        n += length;
        out[n++] = ',';
        out[n++] = '"';
        if (v == (long) v && Math.abs(v) < 1e15 && Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(-0.0)) {
            n = NumberText.longChars((long) v, out, n);
        } else if (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e7) {
            // The range where Java's shortest digits are written as Go writes them (see
            // NumberText.sampleValue); appended to a reused builder, without a String per value.
            decimal.setLength(0);
            decimal.append(v);
            decimal.getChars(0, decimal.length(), out, n);
            n += decimal.length();
        } else {
            String value = NumberText.sampleValue(v);
            value.getChars(0, value.length(), out, n);
            n += value.length();
        }
        out[n++] = '"';
        out[n++] = ']';
        return n;
    }

    /** A timestamp in milliseconds as seconds with a fraction. */
    void timestamp(JsonGenerator json, long millis) throws IOException {
        int length = NumberText.timestampChars(millis, number);
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
