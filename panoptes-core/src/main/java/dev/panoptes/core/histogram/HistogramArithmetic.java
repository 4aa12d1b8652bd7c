package dev.panoptes.core.histogram;

import java.util.Arrays;

/**
 * Addition and subtraction of float histograms: schema and zero-bucket reconciliation, custom
 * bound reconciliation and the counter-reset hint of the result. The receiver is changed; the
 * other histogram never is. With the same layout on both sides the receiver's bucket arrays are
 * updated in place; otherwise the result gets fresh arrays, never the other histogram's.
 */
final class HistogramArithmetic {

    private HistogramArithmetic() {
    }

    /** {@code h += sign·other}; returns the FloatHistogram flags describing what happened. */
    static int add(FloatHistogram h, FloatHistogram other, double sign) {
        if (h.usesCustomBuckets() != other.usesCustomBuckets()) {
            throw new IncompatibleHistogramsException(IncompatibleHistogramsException.MIXED_SCHEMAS);
        }
        int flags = adjustCounterResetHint(h, other) ? FloatHistogram.COUNTER_RESET_COLLISION : 0;
        if (sameLayout(h, other)) {
            // The common case when aggregating one metric: add in place, allocating nothing.
            h.zeroCount(h.zeroCount() + sign * other.zeroCount());
            h.count(h.count() + sign * other.count()).sum(h.sum() + sign * other.sum());
            addInPlace(h.positiveBuckets(), other.positiveBuckets(), sign);
            addInPlace(h.negativeBuckets(), other.negativeBuckets(), sign);
            return flags;
        }
        if (h.usesCustomBuckets()) {
            h.count(h.count() + sign * other.count()).sum(h.sum() + sign * other.sum());
            return flags | addCustom(h, other, sign);
        }
        double otherZeroCount = reconcileZeroBuckets(h, other);
        h.zeroCount(h.zeroCount() + sign * otherZeroCount);
        h.count(h.count() + sign * other.count()).sum(h.sum() + sign * other.sum());

        int schema = Math.min(h.schema(), other.schema());
        SpanWalk walk = new SpanWalk();
        BucketList hPositive = BucketList.of(walk.reset(h.positiveSpans(), h.positiveBuckets(), h.schema(), schema), h.positiveBuckets().length);
        BucketList hNegative = BucketList.of(walk.reset(h.negativeSpans(), h.negativeBuckets(), h.schema(), schema), h.negativeBuckets().length);
        BucketList oPositive = BucketList.of(walk.reset(other.positiveSpans(), other.positiveBuckets(), other.schema(), schema), other.positiveBuckets().length);
        BucketList oNegative = BucketList.of(walk.reset(other.negativeSpans(), other.negativeBuckets(), other.schema(), schema), other.negativeBuckets().length);
        BucketList positive = BucketList.merge(hPositive, oPositive, sign, schema, h.zeroThreshold());
        BucketList negative = BucketList.merge(hNegative, oNegative, sign, schema, h.zeroThreshold());
        h.schema(schema)
                .positiveSpans(positive.spans(0)).positiveBuckets(positive.countsFilling(0))
                .negativeSpans(negative.spans(0)).negativeBuckets(negative.countsFilling(0));
        return flags;
    }

    /** Same schema, zero threshold, custom bounds and spans, with bucket lists that match the spans. */
    private static boolean sameLayout(FloatHistogram h, FloatHistogram other) {
        return h.schema() == other.schema()
                && Double.compare(h.zeroThreshold(), other.zeroThreshold()) == 0
                && Arrays.equals(h.positiveSpans(), other.positiveSpans())
                && Arrays.equals(h.negativeSpans(), other.negativeSpans())
                && h.positiveBuckets().length == other.positiveBuckets().length
                && h.negativeBuckets().length == other.negativeBuckets().length
                && Arrays.equals(h.customValues(), other.customValues())
                && (h.zeroThreshold() == 0 || (aboveZeroBucket(other.positiveSpans(), other) && aboveZeroBucket(other.negativeSpans(), other)));
    }

    /** Whether the lowest bucket of a side lies outside the zero bucket (the merge would drop it otherwise). */
    private static boolean aboveZeroBucket(Span[] spans, FloatHistogram h) {
        return spans.length == 0 || !BucketBounds.isExponentialSchema(h.schema())
                || BucketBounds.exponential(spans[0].offset(), h.schema()) > h.zeroThreshold();
    }

    private static void addInPlace(double[] target, double[] addend, double sign) {
        for (int i = 0; i < target.length; i++) {
            target[i] += sign * addend[i];
        }
    }

    private static int addCustom(FloatHistogram h, FloatHistogram other, double sign) {
        SpanWalk walk = new SpanWalk();
        BucketList hPositive = BucketList.of(walk.reset(h.positiveSpans(), h.positiveBuckets()), h.positiveBuckets().length);
        BucketList oPositive = BucketList.of(walk.reset(other.positiveSpans(), other.positiveBuckets()), other.positiveBuckets().length);
        if (Arrays.equals(h.customValues(), other.customValues())) {
            BucketList sum = BucketList.merge(hPositive, oPositive, sign, Histogram.CUSTOM_BUCKETS_SCHEMA, 0);
            h.positiveSpans(sum.spans(0)).positiveBuckets(sum.countsFilling(0));
            return 0;
        }
        double[] common = commonBounds(h.customValues(), other.customValues());
        double[] target = new double[common.length + 1];
        mapToBounds(hPositive, h.customValues(), common, target, 1);
        mapToBounds(oPositive, other.customValues(), common, target, sign);
        BucketList result = new BucketList(target.length);
        for (int i = 0; i < target.length; i++) {
            result.append(i, target[i]);
        }
        result.withoutEmpty();
        h.customValues(common).positiveSpans(result.spans(0)).positiveBuckets(result.countsFilling(0));
        return FloatHistogram.CUSTOM_BOUNDS_RECONCILED;
    }

    /**
     * The bounds both lists share. Bucket {@code (a, b]} of either side goes into the common
     * bucket whose upper bound is the first common bound at or above {@code b}.
     */
    static double[] commonBounds(double[] a, double[] b) {
        double[] out = new double[Math.min(a.length, b.length)];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                out[n++] = a[i];
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static void mapToBounds(BucketList buckets, double[] bounds, double[] common, double[] target, double sign) {
        int t = 0;
        for (int k = 0; k < buckets.size(); k++) {
            int index = buckets.index(k);
            int slot = target.length - 1;
            if (index >= 0 && index < bounds.length) {
                double upper = bounds[index];
                while (t < common.length && common[t] < upper) {
                    t++;
                }
                if (t < common.length) {
                    slot = t;
                }
            }
            target[slot] += sign * buckets.count(k);
        }
    }

    /**
     * Sets the hint of {@code h} to what the sum of both means: gauge if either is a gauge;
     * otherwise unknown if either is unknown; otherwise the common hint. A reset on one side and
     * a not-reset on the other cannot both be right: the result is unknown and true is returned.
     */
    static boolean adjustCounterResetHint(FloatHistogram h, FloatHistogram other) {
        CounterResetHint mine = h.counterResetHint();
        CounterResetHint theirs = other.counterResetHint();
        if (mine == theirs || mine == CounterResetHint.GAUGE) {
            return false;
        }
        if (theirs == CounterResetHint.GAUGE) {
            h.counterResetHint(CounterResetHint.GAUGE);
            return false;
        }
        if (mine == CounterResetHint.UNKNOWN) {
            return false;
        }
        h.counterResetHint(CounterResetHint.UNKNOWN);
        return theirs != CounterResetHint.UNKNOWN;
    }

    /**
     * Widens the zero bucket of {@code h} or the (virtual) one of {@code other} until both have
     * the same threshold, one that does not cut through a populated bucket of either. {@code h}
     * is changed (its buckets now inside the zero bucket are dropped); the zero count
     * {@code other} would have at the common threshold is returned.
     */
    static double reconcileZeroBuckets(FloatHistogram h, FloatHistogram other) {
        double otherZeroCount = other.zeroCount();
        double otherThreshold = other.zeroThreshold();
        ZeroWidening widening = new ZeroWidening();
        while (otherThreshold != h.zeroThreshold() && !Double.isNaN(otherThreshold) && !Double.isNaN(h.zeroThreshold())) {
            if (h.zeroThreshold() > otherThreshold) {
                widening.widen(other, h.zeroThreshold());
                otherZeroCount = widening.zeroCount;
                otherThreshold = widening.threshold;
            }
            if (otherThreshold > h.zeroThreshold()) {
                widening.widen(h, otherThreshold);
                h.zeroCount(widening.zeroCount).zeroThreshold(widening.threshold);
                dropBucketsInZeroBucket(h);
            }
        }
        return otherZeroCount;
    }

    /** Removes the buckets of {@code h} that lie inside its zero bucket (already counted there), then compacts. */
    private static void dropBucketsInZeroBucket(FloatHistogram h) {
        double threshold = h.zeroThreshold();
        int schema = h.schema();
        h.positiveBuckets(zeroBelow(h.positiveSpans(), h.positiveBuckets().clone(), schema, threshold));
        h.negativeBuckets(zeroBelow(h.negativeSpans(), h.negativeBuckets().clone(), schema, threshold));
        h.compact(0);
    }

    private static double[] zeroBelow(Span[] spans, double[] counts, int schema, double threshold) {
        SpanWalk walk = new SpanWalk().reset(spans, counts);
        int slot = 0;
        while (walk.next() && BucketBounds.exponential(walk.index() - 1, schema) < threshold) {
            counts[slot++] = 0;
        }
        return counts;
    }

    /** What a histogram's zero bucket would hold if widened to a larger threshold. */
    static final class ZeroWidening {
        double zeroCount;
        double threshold;

        /**
         * Computes the zero count of {@code h} at {@code larger}; a threshold inside a populated
         * bucket moves up to that bucket's upper bound, which {@link #threshold} then holds.
         */
        void widen(FloatHistogram h, double larger) {
            SpanWalk walk = new SpanWalk();
            int schema = h.schema();
            outer:
            while (true) {
                zeroCount = h.zeroCount();
                if (larger == h.zeroThreshold()) {
                    break;
                }
                walk.reset(h.positiveSpans(), h.positiveBuckets());
                while (walk.next()) {
                    if (BucketBounds.exponential(walk.index() - 1, schema) >= larger) {
                        break;
                    }
                    zeroCount += walk.count();
                    double upper = BucketBounds.exponential(walk.index(), schema);
                    if (upper > larger) {
                        if (walk.count() != 0) {
                            larger = upper;
                        }
                        break;
                    }
                }
                walk.reset(h.negativeSpans(), h.negativeBuckets());
                while (walk.next()) {
                    if (BucketBounds.exponential(walk.index() - 1, schema) >= larger) {
                        break;
                    }
                    zeroCount += walk.count();
                    double upper = BucketBounds.exponential(walk.index(), schema);
                    if (upper > larger) {
                        if (walk.count() != 0) {
                            larger = upper;
                            // The positive side was measured against the old threshold.
                            continue outer;
                        }
                        break;
                    }
                }
                break;
            }
            threshold = larger;
        }
    }
}
