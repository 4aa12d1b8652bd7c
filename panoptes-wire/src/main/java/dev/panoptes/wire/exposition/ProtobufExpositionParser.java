package dev.panoptes.wire.exposition;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.wire.proto.HistogramFields;
import dev.panoptes.wire.proto.ProtoFormatException;
import dev.panoptes.wire.proto.ProtoReader;
import dev.panoptes.wire.proto.StringCache;
import java.util.ArrayList;
import java.util.List;

/**
 * The Prometheus protobuf exposition format
 * ({@code application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited}):
 * varint-length-delimited {@code io.prometheus.client.MetricFamily} messages, read by hand over
 * the body's bytes as the remote write decoder reads its requests (no message objects, label
 * strings interned), and handed to an {@link ExpositionSink} as the same series the text formats
 * give: counters, gauges and untyped as one series, summaries as quantiles plus {@code _sum} and
 * {@code _count}, classic histograms as {@code _bucket}/{@code _sum}/{@code _count}.
 * A histogram with native buckets (spans, or a zero bucket) becomes a native histogram sample when
 * {@link Options#nativeHistograms}, and also its classic series when
 * {@link Options#classicHistograms}; without native histograms only its classic series are given.
 * {@code le} and {@code quantile} values are written as OpenMetrics writes floats ({@code 1.0},
 * {@code 0.25}, {@code +Inf}). Created timestamps go with each sample of their series.
 *
 * <p>Not thread-safe; one parser per scrape.
 */
public final class ProtobufExpositionParser {

    /** The media type a scraper asks for and a target answers with. */
    public static final String MEDIA_TYPE = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    private static final int COUNTER = 0;
    private static final int GAUGE = 1;
    private static final int SUMMARY = 2;
    private static final int UNTYPED = 3;
    private static final int HISTOGRAM = 4;
    private static final int GAUGE_HISTOGRAM = 5;
    private static final String[] TYPE_NAMES = {"counter", "gauge", "summary", "untyped", "histogram", "gaugehistogram"};

    /**
     * What to make of histograms.
     *
     * @param nativeHistograms give native histograms as native histogram samples
     * @param classicHistograms also give the classic buckets of a histogram given as native
     */
    public record Options(boolean nativeHistograms, boolean classicHistograms) {
    }

    private final Options options;
    private final ExpositionSink sink;
    private final StringCache cache = new StringCache(4096);
    private final Histogram histogram = new Histogram();
    private final FloatHistogram floatHistogram = new FloatHistogram();
    private int family;

    public ProtobufExpositionParser(Options options, ExpositionSink sink) {
        this.options = options;
        this.sink = sink;
    }

    /** Parses a whole body; a malformed one fails naming the metric family (1-based) and byte. */
    public void parse(byte[] buf, int offset, int length) throws ExpositionParseException {
        ProtoReader r = new ProtoReader(buf, offset, length);
        family = 0;
        try {
            while (r.hasMore()) {
                family++;
                int len = r.readLength();
                int old = r.pushLimit(len);
                metricFamily(r, r.position(), len);
                r.popLimit(old);
            }
        } catch (ProtoFormatException e) {
            throw new ExpositionParseException("metric family " + family + ": " + e.getMessage());
        }
    }

    private void metricFamily(ProtoReader r, int start, int length) throws ProtoFormatException {
        String name = "";
        String help = "";
        String unit = "";
        int type = UNTYPED;
        ProtoReader header = new ProtoReader(r.buffer(), start, length);
        while (header.hasMore()) {
            int tag = header.readTag();
            switch (tag >>> 3) {
                case 1 -> name = header.readString(cache);
                case 2 -> help = header.readString(null);
                case 3 -> type = (int) header.readVarint();
                case 5 -> unit = header.readString(null);
                default -> header.skip(tag & 7);
            }
        }
        if (name.isEmpty()) {
            throw new ProtoFormatException("a metric family without a name");
        }
        if (type < COUNTER || type > GAUGE_HISTOGRAM) {
            throw new ProtoFormatException("metric family " + name + " has unknown type " + type);
        }
        sink.type(name, TYPE_NAMES[type]);
        if (!help.isEmpty()) {
            sink.help(name, help);
        }
        if (!unit.isEmpty()) {
            sink.unit(name, unit);
        }
        while (r.hasMore()) {
            int tag = r.readTag();
            if (tag >>> 3 == 4) {
                ProtoReader.expect(tag, ProtoReader.LENGTH, "metric");
                int old = r.pushLimit(r.readLength());
                metric(r, name, type);
                r.popLimit(old);
            } else {
                r.skip(tag & 7);
            }
        }
    }

    private void metric(ProtoReader r, String name, int type) throws ProtoFormatException {
        Labels.Builder labels = Labels.builder();
        long timestamp = ExpositionSink.NO_TIMESTAMP;
        int valueStart = -1;
        int valueLength = 0;
        int valueField = 0;
        while (r.hasMore()) {
            int tag = r.readTag();
            int field = tag >>> 3;
            switch (field) {
                case 1 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH, "label");
                    int old = r.pushLimit(r.readLength());
                    String[] pair = labelPair(r);
                    r.popLimit(old);
                    if (pair[0].isEmpty() || pair[0].equals(Labels.METRIC_NAME)) {
                        throw new ProtoFormatException("metric " + name + " has a label named '" + pair[0] + "'");
                    }
                    if (labels.get(pair[0]) != null) {
                        throw new ProtoFormatException("metric " + name + " has label " + pair[0] + " twice");
                    }
                    labels.set(pair[0], pair[1]);
                }
                case 2, 3, 4, 5, 7 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH, "value");
                    valueLength = r.readLength();
                    valueStart = r.readBytesOffset(valueLength);
                    valueField = field;
                }
                case 6 -> timestamp = r.readVarint();
                default -> r.skip(tag & 7);
            }
        }
        if (valueStart < 0) {
            throw new ProtoFormatException("metric " + name + " has no value");
        }
        ProtoReader v = new ProtoReader(r.buffer(), valueStart, valueLength);
        switch (valueField) {
            case 2, 5 -> sink.sample(labels.set(Labels.METRIC_NAME, name).build(), singleValue(v), timestamp, null);
            case 3 -> counter(v, labels.set(Labels.METRIC_NAME, name), timestamp);
            case 4 -> summary(v, name, labels, timestamp);
            default -> histogram(v, name, labels, timestamp, type == GAUGE_HISTOGRAM);
        }
    }

    private String[] labelPair(ProtoReader r) throws ProtoFormatException {
        String name = "";
        String value = "";
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1 -> name = r.readString(cache);
                case 2 -> value = r.readString(cache);
                default -> r.skip(tag & 7);
            }
        }
        return new String[] {name, value};
    }

    /** Gauge and Untyped: field 1, the value. */
    private static double singleValue(ProtoReader r) throws ProtoFormatException {
        double value = 0;
        while (r.hasMore()) {
            int tag = r.readTag();
            if (tag >>> 3 == 1) {
                ProtoReader.expect(tag, ProtoReader.FIXED64, "value");
                value = r.readDouble();
            } else {
                r.skip(tag & 7);
            }
        }
        return value;
    }

    private void counter(ProtoReader r, Labels.Builder labels, long timestamp) throws ProtoFormatException {
        double value = 0;
        ExpositionSink.ParsedExemplar exemplar = null;
        long created = ExpositionSink.NO_TIMESTAMP;
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1 -> value = r.readDouble();
                case 2 -> exemplar = exemplar(r);
                case 3 -> created = timestamp(r);
                default -> r.skip(tag & 7);
            }
        }
        sink.sample(labels.build(), value, timestamp, exemplar, created);
    }

    private void summary(ProtoReader r, String name, Labels.Builder labels, long timestamp) throws ProtoFormatException {
        long count = 0;
        double sum = 0;
        long created = ExpositionSink.NO_TIMESTAMP;
        List<double[]> quantiles = new ArrayList<>();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1 -> count = r.readVarint();
                case 2 -> sum = r.readDouble();
                case 3 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH, "quantile");
                    int old = r.pushLimit(r.readLength());
                    double[] q = new double[2];
                    while (r.hasMore()) {
                        int t = r.readTag();
                        switch (t >>> 3) {
                            case 1 -> q[0] = r.readDouble();
                            case 2 -> q[1] = r.readDouble();
                            default -> r.skip(t & 7);
                        }
                    }
                    r.popLimit(old);
                    quantiles.add(q);
                }
                case 4 -> created = timestamp(r);
                default -> r.skip(tag & 7);
            }
        }
        labels.set(Labels.METRIC_NAME, name);
        for (double[] q : quantiles) {
            sink.sample(labels.set("quantile", OpenMetricsFloats.format(q[0])).build(), q[1], timestamp, null, created);
        }
        labels.remove("quantile");
        sink.sample(labels.set(Labels.METRIC_NAME, name + "_sum").build(), sum, timestamp, null, created);
        sink.sample(labels.set(Labels.METRIC_NAME, name + "_count").build(), count, timestamp, null, created);
    }

    private void histogram(ProtoReader r, String name, Labels.Builder labels, long timestamp, boolean gauge) throws ProtoFormatException {
        ProtoHistogram h = ProtoHistogram.read(r, this);
        boolean isNative = h.positiveSpans.length > 0 || h.negativeSpans.length > 0 || h.zeroThreshold > 0 || h.zeroCount > 0
                || h.zeroCountFloat > 0;
        if (isNative && options.nativeHistograms()) {
            nativeHistogram(h, labels.set(Labels.METRIC_NAME, name).build(), timestamp, gauge);
            if (!options.classicHistograms() || h.bounds.size() == 0) {
                return;
            }
        }
        classicHistogram(h, name, labels, timestamp);
    }

    private void nativeHistogram(ProtoHistogram h, Labels labels, long timestamp, boolean gauge) throws ProtoFormatException {
        CounterResetHint hint = gauge ? CounterResetHint.GAUGE : CounterResetHint.UNKNOWN;
        boolean isFloat = h.countFloat > 0 || h.zeroCountFloat > 0 || h.positiveCounts.size() > 0 || h.negativeCounts.size() > 0;
        HistogramFields.checkSpans(h.positiveSpans, isFloat ? h.positiveCounts.size() : h.positiveDeltas.size(), "positive");
        HistogramFields.checkSpans(h.negativeSpans, isFloat ? h.negativeCounts.size() : h.negativeDeltas.size(), "negative");
        if (h.schema < -4 || h.schema > 8) {
            throw new ProtoFormatException("native histogram " + labels.metricName() + " has schema " + h.schema + ", outside -4 to 8");
        }
        List<ExpositionSink.ParsedExemplar> exemplars = h.exemplars.isEmpty() ? h.bucketExemplars() : h.exemplars;
        if (isFloat) {
            floatHistogram.counterResetHint(hint).schema(h.schema).zeroThreshold(h.zeroThreshold).zeroCount(h.zeroCountFloat)
                    .count(h.countFloat).sum(h.sum).positiveSpans(h.positiveSpans).negativeSpans(h.negativeSpans)
                    .positiveBuckets(h.positiveCounts.toArray()).negativeBuckets(h.negativeCounts.toArray());
            sink.histogram(labels, null, floatHistogram, timestamp, h.created, exemplars);
        } else {
            histogram.counterResetHint(hint).schema(h.schema).zeroThreshold(h.zeroThreshold).zeroCount(h.zeroCount)
                    .count(h.count).sum(h.sum).positiveSpans(h.positiveSpans).negativeSpans(h.negativeSpans)
                    .positiveBuckets(h.positiveDeltas.toArray()).negativeBuckets(h.negativeDeltas.toArray());
            sink.histogram(labels, histogram, null, timestamp, h.created, exemplars);
        }
    }

    private void classicHistogram(ProtoHistogram h, String name, Labels.Builder labels, long timestamp) {
        boolean isFloat = h.countFloat > 0;
        double count = isFloat ? h.countFloat : h.count;
        boolean sawInf = false;
        labels.set(Labels.METRIC_NAME, name + "_bucket");
        double[] bounds = h.bounds.toArray();
        double[] floats = h.cumulativeFloats.toArray();
        long[] counts = h.cumulativeCounts.toArray();
        for (int i = 0; i < bounds.length; i++) {
            double bound = bounds[i];
            sawInf |= bound == Double.POSITIVE_INFINITY;
            double cumulative = isFloat ? floats[i] : counts[i];
            sink.sample(labels.set("le", OpenMetricsFloats.format(bound)).build(), cumulative, timestamp, h.bucketExemplar(i), h.created);
        }
        if (!sawInf) {
            sink.sample(labels.set("le", "+Inf").build(), count, timestamp, null, h.created);
        }
        labels.remove("le");
        sink.sample(labels.set(Labels.METRIC_NAME, name + "_sum").build(), h.sum, timestamp, null, h.created);
        sink.sample(labels.set(Labels.METRIC_NAME, name + "_count").build(), count, timestamp, null, h.created);
    }

    /** An {@code Exemplar} message: labels, value, optional timestamp. */
    ExpositionSink.ParsedExemplar exemplar(ProtoReader r) throws ProtoFormatException {
        int old = r.pushLimit(r.readLength());
        Labels.Builder labels = Labels.builder();
        double value = 0;
        long t = ExpositionSink.NO_TIMESTAMP;
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1 -> {
                    int o = r.pushLimit(r.readLength());
                    String[] pair = labelPair(r);
                    r.popLimit(o);
                    labels.set(pair[0], pair[1]);
                }
                case 2 -> value = r.readDouble();
                case 3 -> t = timestamp(r);
                default -> r.skip(tag & 7);
            }
        }
        r.popLimit(old);
        return new ExpositionSink.ParsedExemplar(labels.build(), value, t);
    }

    /** A {@code google.protobuf.Timestamp} as milliseconds. */
    static long timestamp(ProtoReader r) throws ProtoFormatException {
        int old = r.pushLimit(r.readLength());
        long seconds = 0;
        long nanos = 0;
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1 -> seconds = r.readVarint();
                case 2 -> nanos = (int) r.readVarint();
                default -> r.skip(tag & 7);
            }
        }
        r.popLimit(old);
        return seconds * 1000 + nanos / 1_000_000;
    }
}
