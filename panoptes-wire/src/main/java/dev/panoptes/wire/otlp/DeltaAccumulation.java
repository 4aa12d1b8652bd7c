package dev.panoptes.wire.otlp;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.Arrays;
import java.util.function.DoubleConsumer;

/**
 * The running totals of delta streams and the cumulative points made from them: sums (integer
 * while every point is), explicit-bucket histograms (a changed bucket layout starts the stream
 * over) and exponential histograms (summed at the lower scale; a changed zero bucket starts the
 * stream over). Each method adds a point to the stream {@link DeltaToCumulative} admitted it to and
 * returns the cumulative point to send on.
 *
 * <p>Not thread-safe; called under the converter's lock.
 */
final class DeltaAccumulation {

    private DeltaAccumulation() {
    }

    /** State of a sum stream: the running total, integer while every point is. */
    private static final class SumState {
        boolean integer;
        long longTotal;
        double doubleTotal;
    }

    static NumberDataPoint sum(DeltaStreams.Stream stream, NumberDataPoint p) {
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

    /** What both histogram kinds total the same way: count, sum, and the extremes seen. */
    private abstract static class Totals {
        long count;
        double sum;
        boolean hasSum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean hasMin;
        boolean hasMax;

        void add(long pointCount, double pointSum, boolean pointHasSum, boolean pointHasMin, double pointMin, boolean pointHasMax,
                 double pointMax) {
            count += pointCount;
            sum += pointSum;
            hasSum |= pointHasSum;
            if (pointHasMin) {
                min = Math.min(min, pointMin);
                hasMin = true;
            }
            if (pointHasMax) {
                max = Math.max(max, pointMax);
                hasMax = true;
            }
        }

        /** Sets what the points carried of sum, min and max (each builder has its own setters). */
        void writeTo(DoubleConsumer setSum, DoubleConsumer setMin, DoubleConsumer setMax) {
            if (hasSum) {
                setSum.accept(sum);
            }
            if (hasMin) {
                setMin.accept(min);
            }
            if (hasMax) {
                setMax.accept(max);
            }
        }
    }

    /** State of an explicit-bucket histogram stream. */
    private static final class HistogramState extends Totals {
        double[] bounds;
        long[] counts;
    }

    static HistogramDataPoint histogram(DeltaStreams.Stream stream, HistogramDataPoint p) {
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
        state.add(p.getCount(), p.getSum(), p.hasSum(), p.hasMin(), p.getMin(), p.hasMax(), p.getMax());
        stream.lastNanos = p.getTimeUnixNano();
        HistogramDataPoint.Builder out = p.toBuilder().setStartTimeUnixNano(stream.startNanos).setCount(state.count).clearBucketCounts();
        for (long c : state.counts) {
            out.addBucketCounts(c);
        }
        state.writeTo(out::setSum, out::setMin, out::setMax);
        return out.build();
    }

    /** State of an exponential histogram stream, at the lowest scale seen so far. */
    private static final class ExponentialState extends Totals {
        int scale;
        double zeroThreshold;
        long zeroCount;
        ExponentialBuckets positive;
        ExponentialBuckets negative;
    }

    static ExponentialHistogramDataPoint exponential(DeltaStreams.Stream stream, ExponentialHistogramDataPoint p) {
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
        state.add(p.getCount(), p.getSum(), p.hasSum(), p.hasMin(), p.getMin(), p.hasMax(), p.getMax());
        stream.lastNanos = p.getTimeUnixNano();
        ExponentialHistogramDataPoint.Builder out = p.toBuilder().setStartTimeUnixNano(stream.startNanos).setScale(state.scale)
                .setZeroCount(state.zeroCount).setCount(state.count)
                .setPositive(state.positive.toProto()).setNegative(state.negative.toProto());
        state.writeTo(out::setSum, out::setMin, out::setMax);
        return out.build();
    }
}
