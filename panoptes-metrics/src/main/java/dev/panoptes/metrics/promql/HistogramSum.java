package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;

/**
 * Sums (or averages) native histograms as {@code sum}, {@code avg}, {@code sum_over_time} and
 * {@code avg_over_time} do: compensated summation of the count, sum and zero count, so that
 * {@code 1e100 + x - 1e100} keeps {@code x}; for averages, an incremental mean once the running
 * sum overflows. Remembers whether counter-reset hints collided. Not thread-safe.
 */
final class HistogramSum {

    private FloatHistogram sum;
    private FloatHistogram mean;
    private boolean incremental;
    private double cCount;
    private double cSum;
    private double cZero;
    private int n;
    boolean resetSeen;
    boolean notResetSeen;
    /** Flags of {@link FloatHistogram#add} seen so far. */
    int flags;

    /**
     * Adds {@code h}.
     *
     * @throws dev.panoptes.core.histogram.IncompatibleHistogramsException when exponential and custom buckets mix
     */
    void add(FloatHistogram h, boolean average) {
        n++;
        if (h.counterResetHint() == CounterResetHint.COUNTER_RESET) {
            resetSeen = true;
        } else if (h.counterResetHint() == CounterResetHint.NOT_COUNTER_RESET) {
            notResetSeen = true;
        }
        if (sum == null) {
            sum = h.copy();
            return;
        }
        if (incremental) {
            addToMean(h);
            return;
        }
        FloatHistogram before = average ? sum.copy() : null;
        double count = sum.count();
        double total = sum.sum();
        double zero = sum.zeroCount();
        flags |= sum.add(h);
        if (average && overflows(sum)) {
            incremental = true;
            mean = before.div(n - 1);
            cCount /= n - 1;
            cSum /= n - 1;
            cZero /= n - 1;
            addToMean(h);
            return;
        }
        cCount = KahanSum.compensation(h.count(), count, sum.count(), cCount);
        cSum = KahanSum.compensation(h.sum(), total, sum.sum(), cSum);
        if (sum.zeroCount() - zero == h.zeroCount()) {
            cZero = KahanSum.compensation(h.zeroCount(), zero, sum.zeroCount(), cZero);
        }
    }

    private void addToMean(FloatHistogram h) {
        double q = (n - 1) / (double) n;
        mean.mul(q);
        cCount *= q;
        cSum *= q;
        cZero *= q;
        FloatHistogram part = h.copy().div(n);
        double count = mean.count();
        double total = mean.sum();
        double zero = mean.zeroCount();
        flags |= mean.add(part);
        cCount = KahanSum.compensation(part.count(), count, mean.count(), cCount);
        cSum = KahanSum.compensation(part.sum(), total, mean.sum(), cSum);
        if (mean.zeroCount() - zero == part.zeroCount()) {
            cZero = KahanSum.compensation(part.zeroCount(), zero, mean.zeroCount(), cZero);
        }
    }

    private static boolean overflows(FloatHistogram h) {
        if (Double.isInfinite(h.count()) || Double.isInfinite(h.sum()) || Double.isInfinite(h.zeroCount())) {
            return true;
        }
        for (double b : h.positiveBuckets()) {
            if (Double.isInfinite(b)) {
                return true;
            }
        }
        for (double b : h.negativeBuckets()) {
            if (Double.isInfinite(b)) {
                return true;
            }
        }
        return false;
    }

    /** The compensated sum. Call once; the accumulator is spent afterwards. */
    FloatHistogram total() {
        return compensate(sum, 1);
    }

    /** The mean of the histograms added. Call once; the accumulator is spent afterwards. */
    FloatHistogram average() {
        if (incremental) {
            return compensate(mean, 1);
        }
        return compensate(sum.div(n), n);
    }

    private FloatHistogram compensate(FloatHistogram h, double divisor) {
        // Each field on its own: an overflowed count must not cost the sum its compensation.
        if (Double.isFinite(h.count())) {
            h.count(h.count() + cCount / divisor);
        }
        if (Double.isFinite(h.sum())) {
            h.sum(h.sum() + cSum / divisor);
        }
        if (Double.isFinite(h.zeroCount())) {
            h.zeroCount(h.zeroCount() + cZero / divisor);
        }
        return h;
    }
}
