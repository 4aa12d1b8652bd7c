package dev.panoptes.core.histogram;

import java.util.Arrays;

/**
 * Whether a counter histogram sample follows a reset of the previous one. Works on the spans
 * directly (merging the previous sample's buckets to the current schema on the fly) so that a
 * rate over many samples does not allocate per pair.
 */
final class CounterResetDetection {

    private CounterResetDetection() {
    }

    static boolean detectReset(FloatHistogram h, FloatHistogram previous) {
        switch (h.counterResetHint()) {
            case COUNTER_RESET:
                return true;
            case NOT_COUNTER_RESET:
                return false;
            default:
                // Unknown, and gauges that a function treats as counters anyway: compare.
                break;
        }
        if (h.count() < previous.count()) {
            return true;
        }
        if (h.usesCustomBuckets()) {
            if (!previous.usesCustomBuckets()) {
                return true;
            }
            if (!Arrays.equals(h.customValues(), previous.customValues())) {
                return anyCommonBucketDecreased(h, previous);
            }
        }
        if (h.schema() > previous.schema() || h.zeroThreshold() < previous.zeroThreshold()) {
            // More resolution or a narrower zero bucket only come with a reset.
            return true;
        }
        HistogramArithmetic.ZeroWidening widened = new HistogramArithmetic.ZeroWidening();
        widened.widen(previous, h.zeroThreshold());
        if (widened.threshold != h.zeroThreshold()) {
            // The current threshold cuts through a populated bucket of the previous sample.
            return true;
        }
        if (h.zeroCount() < widened.zeroCount) {
            return true;
        }
        SpanWalk current = new SpanWalk();
        SpanWalk before = new SpanWalk();
        return anyBucketDecreased(
                        current.reset(h.positiveSpans(), h.positiveBuckets(), h.schema(), h.schema()),
                        before.reset(previous.positiveSpans(), previous.positiveBuckets(), previous.schema(), h.schema()),
                        h.schema(), h.zeroThreshold())
                || anyBucketDecreased(
                        current.reset(h.negativeSpans(), h.negativeBuckets(), h.schema(), h.schema()),
                        before.reset(previous.negativeSpans(), previous.negativeBuckets(), previous.schema(), h.schema()),
                        h.schema(), h.zeroThreshold());
    }

    /**
     * True if a bucket of {@code before} is populated and missing from {@code current}, or holds
     * more than its counterpart. Buckets inside the zero bucket (upper bound at most
     * {@code threshold}) are skipped on both sides: the zero counts were compared already.
     */
    private static boolean anyBucketDecreased(SpanWalk current, SpanWalk before, int schema, double threshold) {
        boolean haveCurrent = firstAbove(current, schema, threshold);
        boolean haveBefore = firstAbove(before, schema, threshold);
        while (haveBefore) {
            while (haveCurrent && current.index() < before.index()) {
                haveCurrent = current.next();
            }
            if (haveCurrent && current.index() == before.index()) {
                if (current.count() < before.count()) {
                    return true;
                }
            } else if (before.count() != 0) {
                return true;
            }
            haveBefore = before.next();
        }
        return false;
    }

    /** Moves to the first bucket above the zero bucket; the ones after it are above as well. */
    private static boolean firstAbove(SpanWalk walk, int schema, double threshold) {
        while (walk.next()) {
            if (!BucketBounds.isExponentialSchema(schema) || threshold == 0
                    || BucketBounds.exponential(walk.index(), schema) > threshold) {
                return true;
            }
        }
        return false;
    }

    /**
     * For custom buckets with different bounds: at each bound both share (and +Inf), the
     * observations up to it since the previous shared bound must not have decreased.
     */
    private static boolean anyCommonBucketDecreased(FloatHistogram h, FloatHistogram previous) {
        double[] common = HistogramArithmetic.commonBounds(h.customValues(), previous.customValues());
        SpanWalk current = new SpanWalk().reset(h.positiveSpans(), h.positiveBuckets());
        SpanWalk before = new SpanWalk().reset(previous.positiveSpans(), previous.positiveBuckets());
        boolean haveCurrent = current.next();
        boolean haveBefore = before.next();
        for (int c = 0; c <= common.length; c++) {
            double bound = c < common.length ? common[c] : Double.POSITIVE_INFINITY;
            double currentSum = 0;
            while (haveCurrent && BucketBounds.custom(current.index(), h.customValues()) <= bound) {
                currentSum += current.count();
                haveCurrent = current.next();
            }
            double beforeSum = 0;
            while (haveBefore && BucketBounds.custom(before.index(), previous.customValues()) <= bound) {
                beforeSum += before.count();
                haveBefore = before.next();
            }
            if (currentSum < beforeSum) {
                return true;
            }
        }
        return false;
    }
}
