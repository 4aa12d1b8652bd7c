package dev.panoptes.wire.otlp;

import dev.panoptes.core.sample.StaleNaN;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.wire.remotewrite.RemoteWriteSink;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Translates an OTLP metrics export into Prometheus series handed to a {@link RemoteWriteSink}
 * (the same sink remote write feeds). What cannot be translated (delta temporality,
 * exponential histograms with an unsupported scale, unknown metric kinds) is counted as
 * rejected data points with a message, so the receiver can answer with OTLP's partial success.
 * The start time of sums, histograms and summaries goes to the sink as each series' created
 * timestamp.
 *
 * <p>Not thread-safe; one translator per request.
 */
public final class OtlpMetricsTranslator {

    /** The stale marker, for data points flagged as having no recorded value. */
    private static final double STALE = StaleNaN.VALUE;
    private static final int NO_RECORDED_VALUE = 1;
    private static final Set<String> IDENTITY_ATTRIBUTES = Set.of("service.name", "service.namespace", "service.instance.id");

    /** What could not be translated. */
    public record Result(long rejectedDataPoints, String errorMessage) {
    }

    /**
     * How names are translated.
     *
     * @param keepNames metric and label names as OTLP sends them (UTF-8, no suffixes), instead of
     *     underscore-escaped names with unit and type suffixes
     * @param promotedResourceAttributes resource attributes copied as labels onto every series
     */
    public record Options(boolean keepNames, Set<String> promotedResourceAttributes) {
        public Options {
            promotedResourceAttributes = promotedResourceAttributes == null ? Set.of() : Set.copyOf(promotedResourceAttributes);
        }

        public static Options defaults() {
            return new Options(false, Set.of());
        }
    }

    private final Options options;
    private long rejected;
    private String firstError = "";
    /** Promoted resource attributes of the resource being translated, as label name and value pairs. */
    private List<String[]> promoted = List.of();

    public OtlpMetricsTranslator() {
        this(Options.defaults());
    }

    public OtlpMetricsTranslator(Options options) {
        this.options = options;
    }

    public Result translate(ExportMetricsServiceRequest request, RemoteWriteSink sink) {
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            List<KeyValue> resource = resourceMetrics.getResource().getAttributesList();
            String job = job(resource);
            String instance = stringAttribute(resource, "service.instance.id");
            promoted = new java.util.ArrayList<>();
            for (KeyValue kv : resource) {
                if (options.promotedResourceAttributes().contains(kv.getKey())) {
                    promoted.add(new String[] {labelName(kv.getKey()), value(kv.getValue())});
                }
            }
            long newest = Long.MIN_VALUE;
            for (ScopeMetrics scope : resourceMetrics.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    newest = Math.max(newest, metric(metric, job, instance, sink));
                }
            }
            targetInfo(resource, job, instance, newest, sink);
        }
        return new Result(rejected, firstError);
    }

    private void reject(long points, String message) {
        rejected += points;
        if (firstError.isEmpty()) {
            firstError = message;
        }
    }

    private static String job(List<KeyValue> resource) {
        String name = stringAttribute(resource, "service.name");
        String namespace = stringAttribute(resource, "service.namespace");
        return namespace.isEmpty() ? name : name.isEmpty() ? namespace : namespace + "/" + name;
    }

    private static String stringAttribute(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                return value(kv.getValue());
            }
        }
        return "";
    }

    private static String value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> formatFloat(v.getDoubleValue());
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(OtlpMetricsTranslator::value).toList().toString();
            case BYTES_VALUE -> HexFormat.of().formatHex(v.getBytesValue().toByteArray());
            default -> "";
        };
    }

    private String labelName(String key) {
        return options.keepNames() ? key : PrometheusNames.label(key);
    }

    private String metricName(Metric metric, boolean counter, boolean gauge) {
        return options.keepNames() ? metric.getName() : PrometheusNames.metric(metric.getName(), metric.getUnit(), counter, gauge);
    }

    /** A {@code target_info} series with the resource's attributes, at the newest time of its data. */
    private void targetInfo(List<KeyValue> resource, String job, String instance, long time, RemoteWriteSink sink) {
        if (time == Long.MIN_VALUE) {
            return;
        }
        Labels.Builder labels = Labels.builder();
        boolean any = false;
        for (KeyValue kv : resource) {
            if (!IDENTITY_ATTRIBUTES.contains(kv.getKey())) {
                labels.set(labelName(kv.getKey()), value(kv.getValue()));
                any = true;
            }
        }
        if (!any) {
            return;
        }
        labels.set("job", job).set("instance", instance).set(Labels.METRIC_NAME, "target_info");
        sink.metadata("target_info", "gauge", "Target metadata", "");
        sink.series(labels.build());
        sink.sample(time, 1);
    }

    /** Translates one metric; returns the newest timestamp (ms) it had. */
    private long metric(Metric metric, String job, String instance, RemoteWriteSink sink) {
        long newest = Long.MIN_VALUE;
        switch (metric.getDataCase()) {
            case GAUGE -> {
                String name = metricName(metric, false, true);
                sink.metadata(name, "gauge", metric.getDescription(), PrometheusNames.unit(metric.getUnit()));
                for (NumberDataPoint p : metric.getGauge().getDataPointsList()) {
                    newest = Math.max(newest, number(name, p, false, job, instance, sink));
                }
            }
            case SUM -> {
                var sum = metric.getSum();
                if (refusedDelta(metric, sum.getAggregationTemporality(), sum.getDataPointsCount())) {
                    return newest;
                }
                boolean counter = sum.getIsMonotonic();
                String name = metricName(metric, counter, !counter);
                sink.metadata(name, counter ? "counter" : "gauge", metric.getDescription(), PrometheusNames.unit(metric.getUnit()));
                for (NumberDataPoint p : sum.getDataPointsList()) {
                    newest = Math.max(newest, number(name, p, true, job, instance, sink));
                }
            }
            case HISTOGRAM -> {
                var histogram = metric.getHistogram();
                if (refusedDelta(metric, histogram.getAggregationTemporality(), histogram.getDataPointsCount())) {
                    return newest;
                }
                String name = metricName(metric, false, false);
                sink.metadata(name, "histogram", metric.getDescription(), PrometheusNames.unit(metric.getUnit()));
                for (HistogramDataPoint p : histogram.getDataPointsList()) {
                    newest = Math.max(newest, classicHistogram(name, p, job, instance, sink));
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                var histogram = metric.getExponentialHistogram();
                if (refusedDelta(metric, histogram.getAggregationTemporality(), histogram.getDataPointsCount())) {
                    return newest;
                }
                String name = metricName(metric, false, false);
                sink.metadata(name, "histogram", metric.getDescription(), PrometheusNames.unit(metric.getUnit()));
                for (ExponentialHistogramDataPoint p : histogram.getDataPointsList()) {
                    newest = Math.max(newest, nativeHistogram(name, p, job, instance, sink));
                }
            }
            case SUMMARY -> {
                String name = metricName(metric, false, false);
                sink.metadata(name, "summary", metric.getDescription(), PrometheusNames.unit(metric.getUnit()));
                for (SummaryDataPoint p : metric.getSummary().getDataPointsList()) {
                    newest = Math.max(newest, summary(name, p, job, instance, sink));
                }
            }
            default -> reject(1, "metric " + metric.getName() + " has no data of a known kind");
        }
        return newest;
    }

    /** Counts the points of a delta-temporality metric as rejected; whether it was one. */
    private boolean refusedDelta(Metric metric, AggregationTemporality temporality, int points) {
        if (temporality != AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
            return false;
        }
        reject(points, "metric " + metric.getName() + " has delta temporality, which is not supported: export cumulative temporality");
        return true;
    }

    private Labels.Builder labels(String name, List<KeyValue> attributes, String job, String instance) {
        Labels.Builder labels = Labels.builder();
        for (KeyValue kv : attributes) {
            String label = labelName(kv.getKey());
            String existing = labels.get(label);
            String v = value(kv.getValue());
            // Attributes that sanitise to one label name are joined, as the specification says.
            labels.set(label, existing == null || existing.isEmpty() ? v : existing + ";" + v);
        }
        for (String[] pair : promoted) {
            if (labels.get(pair[0]) == null) {
                labels.set(pair[0], pair[1]);
            }
        }
        if (!job.isEmpty()) {
            labels.set("job", job);
        }
        if (!instance.isEmpty()) {
            labels.set("instance", instance);
        }
        return labels.set(Labels.METRIC_NAME, name);
    }

    /** A number point; a sum's start time goes to the sink as its series' created timestamp. */
    private long number(String name, NumberDataPoint p, boolean sum, String job, String instance, RemoteWriteSink sink) {
        long t = p.getTimeUnixNano() / 1_000_000;
        double v = (p.getFlags() & NO_RECORDED_VALUE) != 0 ? STALE
                : p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
        series(sink, labels(name, p.getAttributesList(), job, instance).build(), sum ? p.getStartTimeUnixNano() : 0);
        sink.sample(t, v);
        exemplars(p.getExemplarsList(), sink);
        return t;
    }

    private long classicHistogram(String name, HistogramDataPoint p, String job, String instance, RemoteWriteSink sink) {
        long t = p.getTimeUnixNano() / 1_000_000;
        boolean stale = (p.getFlags() & NO_RECORDED_VALUE) != 0;
        Labels.Builder base = labels(name, p.getAttributesList(), job, instance);
        long cumulative = 0;
        for (int i = 0; i < p.getBucketCountsCount(); i++) {
            cumulative += p.getBucketCounts(i);
            double upper = i < p.getExplicitBoundsCount() ? p.getExplicitBounds(i) : Double.POSITIVE_INFINITY;
            double lower = i == 0 ? Double.NEGATIVE_INFINITY : p.getExplicitBounds(i - 1);
            series(sink, base.set(Labels.METRIC_NAME, name + "_bucket").set("le", formatFloat(upper)).build(), p.getStartTimeUnixNano());
            sink.sample(t, stale ? STALE : cumulative);
            // Each exemplar goes with the bucket its value falls in, as Prometheus attaches them.
            List<Exemplar> inBucket = new java.util.ArrayList<>();
            for (Exemplar e : p.getExemplarsList()) {
                double v = e.getValueCase() == Exemplar.ValueCase.AS_INT ? e.getAsInt() : e.getAsDouble();
                if (v > lower && v <= upper) {
                    inBucket.add(e);
                }
            }
            exemplars(inBucket, sink);
        }
        base.remove("le");
        if (p.hasSum()) {
            series(sink, base.set(Labels.METRIC_NAME, name + "_sum").build(), p.getStartTimeUnixNano());
            sink.sample(t, stale ? STALE : p.getSum());
        }
        series(sink, base.set(Labels.METRIC_NAME, name + "_count").build(), p.getStartTimeUnixNano());
        sink.sample(t, stale ? STALE : p.getCount());
        return t;
    }

    /** Starts a series, with its created timestamp when the point has a start time. */
    private static void series(RemoteWriteSink sink, Labels labels, long startTimeNanos) {
        sink.series(labels);
        if (startTimeNanos > 0) {
            sink.createdTimestamp(startTimeNanos / 1_000_000);
        }
    }

    private long nativeHistogram(String name, ExponentialHistogramDataPoint p, String job, String instance, RemoteWriteSink sink) {
        long t = p.getTimeUnixNano() / 1_000_000;
        int scale = p.getScale();
        if (scale < -4) {
            reject(1, "exponential histogram " + name + " has scale " + scale + ", below the lowest supported (-4)");
            return Long.MIN_VALUE;
        }
        int downscale = Math.max(0, scale - 8);
        Histogram h = new Histogram().schema(Math.min(scale, 8)).zeroThreshold(p.getZeroThreshold()).zeroCount(p.getZeroCount())
                .count(p.getCount()).sum(p.hasSum() ? p.getSum() : 0);
        long[][] positive = buckets(p.getPositive().getOffset(), p.getPositive().getBucketCountsList(), downscale);
        long[][] negative = buckets(p.getNegative().getOffset(), p.getNegative().getBucketCountsList(), downscale);
        h.positiveSpans(spans(positive)).positiveBuckets(deltas(positive[1]));
        h.negativeSpans(spans(negative)).negativeBuckets(deltas(negative[1]));
        series(sink, labels(name, p.getAttributesList(), job, instance).build(), p.getStartTimeUnixNano());
        if ((p.getFlags() & NO_RECORDED_VALUE) != 0) {
            sink.sample(t, STALE);
        } else {
            sink.histogram(t, h, null);
        }
        exemplars(p.getExemplarsList(), sink);
        return t;
    }

    /**
     * OTLP bucket counts from {@code offset} as {first Prometheus index, counts}, merged
     * {@code 2^downscale} at a time. OTLP index i covers (base^i, base^(i+1)]; Prometheus index
     * i + 1 covers the same range.
     */
    private static long[][] buckets(int offset, List<Long> counts, int downscale) {
        if (counts.isEmpty()) {
            return new long[][] {{0}, {}};
        }
        int first = offset >> downscale;
        int last = (offset + counts.size() - 1) >> downscale;
        long[] merged = new long[last - first + 1];
        for (int i = 0; i < counts.size(); i++) {
            merged[((offset + i) >> downscale) - first] += counts.get(i);
        }
        return new long[][] {{first + 1}, merged};
    }

    private static Span[] spans(long[][] buckets) {
        return buckets[1].length == 0 ? new Span[0] : new Span[] {new Span((int) buckets[0][0], buckets[1].length)};
    }

    private static long[] deltas(long[] counts) {
        long[] deltas = new long[counts.length];
        long previous = 0;
        for (int i = 0; i < counts.length; i++) {
            deltas[i] = counts[i] - previous;
            previous = counts[i];
        }
        return deltas;
    }

    private long summary(String name, SummaryDataPoint p, String job, String instance, RemoteWriteSink sink) {
        long t = p.getTimeUnixNano() / 1_000_000;
        boolean stale = (p.getFlags() & NO_RECORDED_VALUE) != 0;
        Labels.Builder base = labels(name, p.getAttributesList(), job, instance);
        for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            series(sink, base.set("quantile", formatFloat(q.getQuantile())).build(), p.getStartTimeUnixNano());
            sink.sample(t, stale ? STALE : q.getValue());
        }
        base.remove("quantile");
        series(sink, base.set(Labels.METRIC_NAME, name + "_sum").build(), p.getStartTimeUnixNano());
        sink.sample(t, stale ? STALE : p.getSum());
        series(sink, base.set(Labels.METRIC_NAME, name + "_count").build(), p.getStartTimeUnixNano());
        sink.sample(t, stale ? STALE : p.getCount());
        return t;
    }

    private static void exemplars(List<Exemplar> exemplars, RemoteWriteSink sink) {
        for (Exemplar e : exemplars) {
            Labels.Builder labels = Labels.builder();
            for (KeyValue kv : e.getFilteredAttributesList()) {
                labels.set(PrometheusNames.label(kv.getKey()), value(kv.getValue()));
            }
            if (!e.getTraceId().isEmpty()) {
                labels.set("trace_id", HexFormat.of().formatHex(e.getTraceId().toByteArray()));
            }
            if (!e.getSpanId().isEmpty()) {
                labels.set("span_id", HexFormat.of().formatHex(e.getSpanId().toByteArray()));
            }
            double value = e.getValueCase() == Exemplar.ValueCase.AS_INT ? e.getAsInt() : e.getAsDouble();
            sink.exemplar(labels.build(), value, e.getTimeUnixNano() / 1_000_000);
        }
    }

    /** A float as Prometheus writes label values of bounds and quantiles: shortest form, no exponent. */
    static String formatFloat(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
