package dev.panoptes.metrics.tsdb.chunk;

import dev.panoptes.core.sample.StaleNaN;
import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import java.util.Arrays;

/**
 * When a native histogram sample must start a new chunk, so that queries read the counter-reset
 * hints Prometheus' storage yields: within one chunk there is no counter reset after the first
 * sample, and a chunk holds gauge histograms only or counter histograms only (see
 * {@link HistogramIterator#queryHint}).
 *
 * <p>A sample starts a new chunk when it switches between gauge and counter; and, for counters,
 * when it carries an explicit {@code COUNTER_RESET} hint, follows a stale marker, changes the
 * schema, the zero threshold or the custom bounds, or shows a counter reset against the previous
 * sample (count, zero count or any bucket lower; a populated bucket gone). A
 * {@code NOT_COUNTER_RESET} hint is not trusted over the counts. New buckets never force a cut:
 * the chunk format writes a changed layout inline. Stateless and thread-safe.
 */
public final class HistogramChunkCuts {

    /** The staleness marker of a histogram sample: its sum is this NaN. */

    private HistogramChunkCuts() {
    }

    /** Whether {@code next} must open a new chunk after {@code previous}, the open chunk's last sample. */
    public static boolean startsNewChunk(Histogram previous, Histogram next) {
        Verdict verdict = common(previous.counterResetHint(), previous.sum(), previous.schema(), previous.zeroThreshold(),
                previous.customValues(), next.counterResetHint(), next.sum(), next.schema(), next.zeroThreshold(), next.customValues());
        if (verdict != Verdict.COMPARE_COUNTS) {
            return verdict == Verdict.CUT;
        }
        if (Long.compareUnsigned(next.count(), previous.count()) < 0 || Long.compareUnsigned(next.zeroCount(), previous.zeroCount()) < 0) {
            return true;
        }
        if (Arrays.equals(previous.positiveSpans(), next.positiveSpans()) && Arrays.equals(previous.negativeSpans(), next.negativeSpans())) {
            // The steady case: same buckets, compare their absolute counts without converting.
            return anyDecreased(previous.positiveBuckets(), next.positiveBuckets())
                    || anyDecreased(previous.negativeBuckets(), next.negativeBuckets());
        }
        return bucketsShowReset(previous.toFloat(), next.toFloat());
    }

    /** As {@link #startsNewChunk(Histogram, Histogram)} for float histograms. */
    public static boolean startsNewChunk(FloatHistogram previous, FloatHistogram next) {
        Verdict verdict = common(previous.counterResetHint(), previous.sum(), previous.schema(), previous.zeroThreshold(),
                previous.customValues(), next.counterResetHint(), next.sum(), next.schema(), next.zeroThreshold(), next.customValues());
        if (verdict != Verdict.COMPARE_COUNTS) {
            return verdict == Verdict.CUT;
        }
        if (next.count() < previous.count() || next.zeroCount() < previous.zeroCount()) {
            return true;
        }
        if (Arrays.equals(previous.positiveSpans(), next.positiveSpans()) && Arrays.equals(previous.negativeSpans(), next.negativeSpans())) {
            return anyDecreased(previous.positiveBuckets(), next.positiveBuckets())
                    || anyDecreased(previous.negativeBuckets(), next.negativeBuckets());
        }
        return bucketsShowReset(previous, next.copy());
    }

    private enum Verdict { CUT, KEEP, COMPARE_COUNTS }

    private static Verdict common(CounterResetHint previousHint, double previousSum, int previousSchema, double previousThreshold,
            double[] previousBounds, CounterResetHint nextHint, double nextSum, int nextSchema, double nextThreshold, double[] nextBounds) {
        boolean previousGauge = previousHint == CounterResetHint.GAUGE;
        boolean nextGauge = nextHint == CounterResetHint.GAUGE;
        if (previousGauge != nextGauge) {
            return Verdict.CUT;
        }
        if (nextGauge) {
            return Verdict.KEEP;
        }
        if (nextHint == CounterResetHint.COUNTER_RESET) {
            return Verdict.CUT;
        }
        boolean nextStale = StaleNaN.is(nextSum);
        if (nextStale) {
            return Verdict.KEEP;
        }
        if (StaleNaN.is(previousSum)) {
            return Verdict.CUT;
        }
        if (previousSchema != nextSchema || Double.compare(previousThreshold, nextThreshold) != 0
                || !Arrays.equals(previousBounds, nextBounds)) {
            return Verdict.CUT;
        }
        return Verdict.COMPARE_COUNTS;
    }

    /** Counter-reset detection on the counts, whatever hint {@code next} (a private copy) carries. */
    private static boolean bucketsShowReset(FloatHistogram previous, FloatHistogram next) {
        return next.counterResetHint(CounterResetHint.UNKNOWN).detectReset(previous);
    }

    /** Whether any absolute count (the running sum of the deltas) is lower in {@code next}. */
    private static boolean anyDecreased(long[] previousDeltas, long[] nextDeltas) {
        long previous = 0;
        long next = 0;
        for (int i = 0; i < nextDeltas.length && i < previousDeltas.length; i++) {
            previous += previousDeltas[i];
            next += nextDeltas[i];
            if (next < previous) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyDecreased(double[] previous, double[] next) {
        for (int i = 0; i < next.length && i < previous.length; i++) {
            if (next[i] < previous[i]) {
                return true;
            }
        }
        return false;
    }
}
