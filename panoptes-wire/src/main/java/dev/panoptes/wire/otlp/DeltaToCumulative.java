package dev.panoptes.wire.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Turns delta-temporality sums, histograms and exponential histograms into cumulative ones by
 * keeping, per stream (resource, scope, metric, attributes), the running total of everything
 * received since the stream was first seen. A point not newer than its stream's newest, or
 * starting before the stream's start, is dropped (a duplicate, a late retry, or two producers
 * writing one stream). A histogram whose bucket layout changes (explicit bounds, or the zero
 * bucket's width) starts its stream over from that point, as a counter reset. Exponential
 * histograms of different scales are summed at the lower scale. Streams idle for longer than
 * {@code maxStale} are forgotten; at most {@code maxStreams} are tracked, and points of new
 * streams beyond that are refused until some go stale. Refused and dropped points are counted with
 * a message for OTLP's partial success.
 *
 * <p>One instance per tenant; thread-safe (conversions of one tenant are serialised).
 */
public final class DeltaToCumulative {

    private static final int NO_RECORDED_VALUE = 1;

    /**
     * How long state is kept and how much of it.
     *
     * @param maxStale a stream not written for this long is forgotten; its next point starts it over
     * @param maxStreams streams tracked at once
     */
    public record Options(Duration maxStale, int maxStreams) {
        public static final Duration DEFAULT_MAX_STALE = Duration.ofMinutes(5);
        public static final int DEFAULT_MAX_STREAMS = 100_000;

        public Options {
            if (maxStale == null || maxStale.isNegative() || maxStale.isZero()) {
                throw new IllegalArgumentException("max_stale must be a positive duration");
            }
            if (maxStreams < 1) {
                throw new IllegalArgumentException("max_streams must be at least 1");
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_MAX_STALE, DEFAULT_MAX_STREAMS);
        }
    }

    /** The request with every convertible delta metric made cumulative, and what was dropped. */
    public record Conversion(ExportMetricsServiceRequest request, long rejectedDataPoints, String errorMessage) {
    }

    private final DeltaStreams streams;
    private final LongSupplier nanoClock;
    private long rejected;
    private String firstError;

    public DeltaToCumulative(Options options) {
        this(options, System::nanoTime);
    }

    /** With a clock for staleness (monotonic nanoseconds), for tests. */
    DeltaToCumulative(Options options, LongSupplier nanoClock) {
        this.streams = new DeltaStreams(options.maxStale().toNanos(), options.maxStreams());
        this.nanoClock = nanoClock;
    }

    /** Streams currently tracked. */
    public synchronized int trackedStreams() {
        return streams.size();
    }

    /** Converts {@code request}; returned unchanged when it holds no delta metric. */
    public Conversion convert(ExportMetricsServiceRequest request) {
        if (!hasDelta(request)) {
            return new Conversion(request, 0, "");
        }
        synchronized (this) {
            rejected = 0;
            firstError = "";
            long now = nanoClock.getAsLong();
            streams.evictStale(now);
            ExportMetricsServiceRequest.Builder out = ExportMetricsServiceRequest.newBuilder();
            for (ResourceMetrics rm : request.getResourceMetricsList()) {
                List<KeyValue> resource = DeltaStreams.sorted(rm.getResource().getAttributesList());
                ResourceMetrics.Builder rb = rm.toBuilder().clearScopeMetrics();
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    ScopeMetrics.Builder sb = sm.toBuilder().clearMetrics();
                    for (Metric metric : sm.getMetricsList()) {
                        Metric converted = metric(resource, sm.getScope(), metric, now);
                        if (converted != null) {
                            sb.addMetrics(converted);
                        }
                    }
                    rb.addScopeMetrics(sb);
                }
                out.addResourceMetrics(rb);
            }
            return new Conversion(out.build(), rejected, firstError);
        }
    }

    private static boolean hasDelta(ExportMetricsServiceRequest request) {
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    if (isDelta(m)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isDelta(Metric m) {
        AggregationTemporality delta = AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
        return switch (m.getDataCase()) {
            case SUM -> m.getSum().getAggregationTemporality() == delta;
            case HISTOGRAM -> m.getHistogram().getAggregationTemporality() == delta;
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getAggregationTemporality() == delta;
            default -> false;
        };
    }

    /** The metric made cumulative; itself when not delta; null when none of its points remain. */
    private Metric metric(List<KeyValue> resource, InstrumentationScope scope, Metric metric, long now) {
        if (!isDelta(metric)) {
            return metric;
        }
        AggregationTemporality cumulative = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        Metric.Builder builder = metric.toBuilder();
        int kept;
        switch (metric.getDataCase()) {
            case SUM -> {
                Sum.Builder sum = metric.getSum().toBuilder().clearDataPoints().setAggregationTemporality(cumulative);
                int kind = metric.getSum().getIsMonotonic() ? 1 : 2;
                for (NumberDataPoint p : metric.getSum().getDataPointsList()) {
                    NumberDataPoint c = sum(stream(resource, scope, metric, kind, p.getAttributesList(), p.getStartTimeUnixNano(),
                            p.getTimeUnixNano(), p.getFlags(), now), p);
                    if (c != null) {
                        sum.addDataPoints(c);
                    }
                }
                kept = sum.getDataPointsCount();
                builder.setSum(sum);
            }
            case HISTOGRAM -> {
                Histogram.Builder histogram = metric.getHistogram().toBuilder().clearDataPoints().setAggregationTemporality(cumulative);
                for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
                    HistogramDataPoint c = histogram(stream(resource, scope, metric, 3, p.getAttributesList(), p.getStartTimeUnixNano(),
                            p.getTimeUnixNano(), p.getFlags(), now), p);
                    if (c != null) {
                        histogram.addDataPoints(c);
                    }
                }
                kept = histogram.getDataPointsCount();
                builder.setHistogram(histogram);
            }
            case EXPONENTIAL_HISTOGRAM -> {
                ExponentialHistogram.Builder histogram = metric.getExponentialHistogram().toBuilder().clearDataPoints()
                        .setAggregationTemporality(cumulative);
                for (ExponentialHistogramDataPoint p : metric.getExponentialHistogram().getDataPointsList()) {
                    ExponentialHistogramDataPoint c = exponential(stream(resource, scope, metric, 4, p.getAttributesList(),
                            p.getStartTimeUnixNano(), p.getTimeUnixNano(), p.getFlags(), now), p);
                    if (c != null) {
                        histogram.addDataPoints(c);
                    }
                }
                kept = histogram.getDataPointsCount();
                builder.setExponentialHistogram(histogram);
            }
            default -> throw new IllegalStateException("not a delta kind: " + metric.getDataCase());
        }
        return kept == 0 ? null : builder.build();
    }

    /**
     * The stream a point belongs to, when the point may be accumulated into it: null (and the point
     * counted) when it is refused or dropped. A new stream comes back with no state; a point without
     * a recorded value comes back as {@link #UNRECORDED}, to pass through without touching state.
     */
    private DeltaStreams.Stream stream(List<KeyValue> resource, InstrumentationScope scope, Metric metric, int kind,
                                       List<KeyValue> attributes, long start, long time, int flags, long now) {
        DeltaStreams.Key key = new DeltaStreams.Key(resource, scope.getName(), scope.getVersion(),
                DeltaStreams.sorted(scope.getAttributesList()), metric.getName(), metric.getUnit(), kind, DeltaStreams.sorted(attributes));
        DeltaStreams.Stream stream = streams.get(key, now);
        if ((flags & NO_RECORDED_VALUE) != 0) {
            return UNRECORDED;
        }
        if (stream == null) {
            stream = streams.add(key, now);
            if (stream == null) {
                reject("metric " + metric.getName() + ": the limit of " + streams.maxStreams()
                        + " delta streams being converted to cumulative is reached; the point of a new stream was refused");
                return null;
            }
            stream.startNanos = start != 0 ? start : time;
            stream.lastNanos = time;
            return stream;
        }
        if (start != 0 && start < stream.startNanos) {
            reject("metric " + metric.getName() + ": a delta point starting at " + start
                    + " ns is older than its stream's start at " + stream.startNanos + " ns (two producers sending one stream?) and was dropped");
            return null;
        }
        if (time <= stream.lastNanos) {
            reject("metric " + metric.getName() + ": a delta point at " + time + " ns is not newer than its stream's last point at "
                    + stream.lastNanos + " ns (out of order or duplicate) and was dropped");
            return null;
        }
        return stream;
    }

    /** Marks streams handed back for points without a value, which pass through unconverted. */
    private static final DeltaStreams.Stream UNRECORDED = new DeltaStreams.Stream();

    private void reject(String message) {
        rejected++;
        if (firstError.isEmpty()) {
            firstError = message;
        }
    }

    /** State of a sum stream: the running total, integer while every point is. */
    private static final class SumState {
        boolean integer;
        long longTotal;
        double doubleTotal;
    }

    private static NumberDataPoint sum(DeltaStreams.Stream stream, NumberDataPoint p) {
        if (stream == null) {
            return null;
        }
        if (stream == UNRECORDED) {
            return p;
        }
        boolean integer = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT;
        SumState state = stream.state instanceof SumState s ? s : null;
        if (state == null) {
            state = new SumState();
            state.integer = integer;
            stream.state = state;
        } else if (state.integer && !integer) {
            state.doubleTotal = state.longTotal;
            state.integer = false;
        }
        if (state.integer) {
            state.longTotal += p.getAsInt();
        } else {
            state.doubleTotal += integer ? p.getAsInt() : p.getAsDouble();
        }
        stream.lastNanos = p.getTimeUnixNano();
        NumberDataPoint.Builder out = p.toBuilder().setStartTimeUnixNano(stream.startNanos);
        return state.integer ? out.setAsInt(state.longTotal).build() : out.setAsDouble(state.doubleTotal).build();
    }

    /** State of an explicit-bucket histogram stream. */
    private static final class HistogramState {
        double[] bounds;
        long[] counts;
        long count;
        double sum;
        boolean hasSum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean hasMin;
        boolean hasMax;
    }

    private static HistogramDataPoint histogram(DeltaStreams.Stream stream, HistogramDataPoint p) {
        if (stream == null) {
            return null;
        }
        if (stream == UNRECORDED) {
            return p;
        }
        double[] bounds = new double[p.getExplicitBoundsCount()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = p.getExplicitBounds(i);
        }
        HistogramState state = stream.state instanceof HistogramState s ? s : null;
        if (state == null || !Arrays.equals(state.bounds, bounds)
                || state.counts.length != p.getBucketCountsCount()) {
            // A new layout cannot be summed with the old one: the stream starts over here.
            if (stream.state != null) {
                stream.startNanos = p.getStartTimeUnixNano() != 0 ? p.getStartTimeUnixNano() : stream.lastNanos;
            }
            state = new HistogramState();
            state.bounds = bounds;
            state.counts = new long[p.getBucketCountsCount()];
            stream.state = state;
        }
        for (int i = 0; i < state.counts.length; i++) {
            state.counts[i] += p.getBucketCounts(i);
        }
        state.count += p.getCount();
        state.sum += p.getSum();
        state.hasSum |= p.hasSum();
        if (p.hasMin()) {
            state.min = Math.min(state.min, p.getMin());
            state.hasMin = true;
        }
        if (p.hasMax()) {
            state.max = Math.max(state.max, p.getMax());
            state.hasMax = true;
        }
        stream.lastNanos = p.getTimeUnixNano();
        HistogramDataPoint.Builder out = p.toBuilder().setStartTimeUnixNano(stream.startNanos).setCount(state.count).clearBucketCounts();
        for (long c : state.counts) {
            out.addBucketCounts(c);
        }
        if (state.hasSum) {
            out.setSum(state.sum);
        }
        if (state.hasMin) {
            out.setMin(state.min);
        }
        if (state.hasMax) {
            out.setMax(state.max);
        }
        return out.build();
    }

    /** State of an exponential histogram stream, at the lowest scale seen so far. */
    private static final class ExponentialState {
        int scale;
        double zeroThreshold;
        long zeroCount;
        ExponentialBuckets positive;
        ExponentialBuckets negative;
        long count;
        double sum;
        boolean hasSum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean hasMin;
        boolean hasMax;
    }

    private static ExponentialHistogramDataPoint exponential(DeltaStreams.Stream stream, ExponentialHistogramDataPoint p) {
        if (stream == null) {
            return null;
        }
        if (stream == UNRECORDED) {
            return p;
        }
        ExponentialState state = stream.state instanceof ExponentialState s ? s : null;
        if (state == null || state.zeroThreshold != p.getZeroThreshold()) {
            // A wider or narrower zero bucket overlaps other buckets: the stream starts over here.
            if (stream.state != null) {
                stream.startNanos = p.getStartTimeUnixNano() != 0 ? p.getStartTimeUnixNano() : stream.lastNanos;
            }
            state = new ExponentialState();
            state.scale = p.getScale();
            state.zeroThreshold = p.getZeroThreshold();
            state.positive = new ExponentialBuckets(0, new long[0]);
            state.negative = new ExponentialBuckets(0, new long[0]);
            stream.state = state;
        }
        ExponentialBuckets positive = ExponentialBuckets.of(p.getPositive());
        ExponentialBuckets negative = ExponentialBuckets.of(p.getNegative());
        int scale = Math.min(state.scale, p.getScale());
        state.positive.downscale(state.scale - scale);
        state.negative.downscale(state.scale - scale);
        positive.downscale(p.getScale() - scale);
        negative.downscale(p.getScale() - scale);
        state.scale = scale;
        state.positive.add(positive);
        state.negative.add(negative);
        state.zeroCount += p.getZeroCount();
        state.count += p.getCount();
        state.sum += p.getSum();
        state.hasSum |= p.hasSum();
        if (p.hasMin()) {
            state.min = Math.min(state.min, p.getMin());
            state.hasMin = true;
        }
        if (p.hasMax()) {
            state.max = Math.max(state.max, p.getMax());
            state.hasMax = true;
        }
        stream.lastNanos = p.getTimeUnixNano();
        ExponentialHistogramDataPoint.Builder out = p.toBuilder().setStartTimeUnixNano(stream.startNanos).setScale(state.scale)
                .setZeroCount(state.zeroCount).setCount(state.count)
                .setPositive(state.positive.toProto()).setNegative(state.negative.toProto());
        if (state.hasSum) {
            out.setSum(state.sum);
        }
        if (state.hasMin) {
            out.setMin(state.min);
        }
        if (state.hasMax) {
            out.setMax(state.max);
        }
        return out.build();
    }
}
