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
                    DeltaStreams.Stream stream = stream(resource, scope, metric, kind, p.getAttributesList(), p.getStartTimeUnixNano(),
                            p.getTimeUnixNano(), p.getFlags(), now);
                    if (stream != null) {
                        sum.addDataPoints(stream == DeltaStreams.UNRECORDED ? p : DeltaAccumulation.sum(stream, p));
                    }
                }
                kept = sum.getDataPointsCount();
                builder.setSum(sum);
            }
            case HISTOGRAM -> {
                Histogram.Builder histogram = metric.getHistogram().toBuilder().clearDataPoints().setAggregationTemporality(cumulative);
                for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
                    DeltaStreams.Stream stream = stream(resource, scope, metric, 3, p.getAttributesList(), p.getStartTimeUnixNano(),
                            p.getTimeUnixNano(), p.getFlags(), now);
                    if (stream != null) {
                        histogram.addDataPoints(stream == DeltaStreams.UNRECORDED ? p : DeltaAccumulation.histogram(stream, p));
                    }
                }
                kept = histogram.getDataPointsCount();
                builder.setHistogram(histogram);
            }
            case EXPONENTIAL_HISTOGRAM -> {
                ExponentialHistogram.Builder histogram = metric.getExponentialHistogram().toBuilder().clearDataPoints()
                        .setAggregationTemporality(cumulative);
                for (ExponentialHistogramDataPoint p : metric.getExponentialHistogram().getDataPointsList()) {
                    DeltaStreams.Stream stream = stream(resource, scope, metric, 4, p.getAttributesList(), p.getStartTimeUnixNano(),
                            p.getTimeUnixNano(), p.getFlags(), now);
                    if (stream != null) {
                        histogram.addDataPoints(stream == DeltaStreams.UNRECORDED ? p : DeltaAccumulation.exponential(stream, p));
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
     * a recorded value comes back as {@link DeltaStreams#UNRECORDED}, to pass through without touching state.
     */
    private DeltaStreams.Stream stream(List<KeyValue> resource, InstrumentationScope scope, Metric metric, int kind,
                                       List<KeyValue> attributes, long start, long time, int flags, long now) {
        DeltaStreams.Key key = new DeltaStreams.Key(resource, scope.getName(), scope.getVersion(),
                DeltaStreams.sorted(scope.getAttributesList()), metric.getName(), metric.getUnit(), kind, DeltaStreams.sorted(attributes));
        DeltaStreams.Stream stream = streams.get(key, now);
        if ((flags & NO_RECORDED_VALUE) != 0) {
            return DeltaStreams.UNRECORDED;
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


    private void reject(String message) {
        rejected++;
        if (firstError.isEmpty()) {
            firstError = message;
        }
    }
}
