package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Span;

/**
 * When an engine's value counts as the expected one: floats within a relative 1e-6 (stale
 * markers only equal each other, NaN equals NaN, zero is only near zero), histograms equal after
 * leaving out empty buckets. Stateless.
 */
final class ValueEquality {

    static final double EPSILON = 1e-6;

    private ValueEquality() {
    }

    static boolean floats(double a, double b) {
        boolean staleA = ValueSequence.isStale(a);
        boolean staleB = ValueSequence.isStale(b);
        if (staleA || staleB) {
            return staleA && staleB;
        }
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double sum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || sum < Double.MIN_NORMAL) {
            return diff < EPSILON * Double.MIN_NORMAL;
        }
        return diff / Math.min(sum, Double.MAX_VALUE) < EPSILON;
    }

    /**
     * Compares as the reference does after compacting both sides: schema, zero threshold and (for
     * custom buckets) bounds exactly; count, sum, zero count and every non-empty bucket by
     * {@link #floats}; the positions of the non-empty buckets exactly; the counter-reset hint only
     * when the script stated it.
     */
    static boolean histograms(FloatHistogram expected, FloatHistogram actual, boolean hintStated) {
        if (expected.schema() != actual.schema() || !floats(expected.count(), actual.count())
                || !floats(expected.sum(), actual.sum())) {
            return false;
        }
        if (expected.usesCustomBuckets() && !sameBounds(expected.customValues(), actual.customValues())) {
            return false;
        }
        if (expected.zeroThreshold() != actual.zeroThreshold() || !floats(expected.zeroCount(), actual.zeroCount())) {
            return false;
        }
        if (!sameBuckets(expected.negativeSpans(), expected.negativeBuckets(), actual.negativeSpans(), actual.negativeBuckets())
                || !sameBuckets(expected.positiveSpans(), expected.positiveBuckets(), actual.positiveSpans(), actual.positiveBuckets())) {
            return false;
        }
        return !hintStated || expected.counterResetHint() == actual.counterResetHint();
    }

    private static boolean sameBounds(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** Walks the non-empty buckets of both sides in index order; they must pair up. */
    private static boolean sameBuckets(Span[] spansA, double[] countsA, Span[] spansB, double[] countsB) {
        BucketCursor a = new BucketCursor(spansA, countsA);
        BucketCursor b = new BucketCursor(spansB, countsB);
        while (true) {
            boolean hasA = a.nextPopulated();
            boolean hasB = b.nextPopulated();
            if (hasA != hasB) {
                return false;
            }
            if (!hasA) {
                return true;
            }
            if (a.index != b.index || !floats(a.count, b.count)) {
                return false;
            }
        }
    }

    /** Steps through the buckets of a span layout, skipping those that hold exactly zero. */
    private static final class BucketCursor {
        private final Span[] spans;
        private final double[] counts;
        private int span = -1;
        private int inSpan;
        private int bucket = -1;
        private long nextIndex;
        long index;
        double count;

        BucketCursor(Span[] spans, double[] counts) {
            this.spans = spans;
            this.counts = counts;
        }

        boolean nextPopulated() {
            while (true) {
                while (span < 0 || inSpan >= spans[span].length()) {
                    span++;
                    if (span >= spans.length) {
                        return false;
                    }
                    nextIndex += spans[span].offset();
                    inSpan = 0;
                }
                index = nextIndex++;
                inSpan++;
                bucket++;
                if (bucket >= counts.length) {
                    return false;
                }
                count = counts[bucket];
                if (count != 0) {
                    return true;
                }
            }
        }
    }
}
