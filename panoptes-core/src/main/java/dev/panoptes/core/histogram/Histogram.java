package dev.panoptes.core.histogram;

import java.util.Arrays;
import java.util.Objects;

/**
 * A native histogram sample with integer counts, as producers send it and the TSDB stores it.
 *
 * <p>Layout as in Prometheus' native histograms: exponential buckets of base
 * {@code 2^(2^-schema)} for schemas -4 to 8, or custom upper bounds ({@link #customValues}) for
 * schema -53; a zero bucket of width {@link #zeroThreshold}; positive and negative buckets
 * described by {@link Span}s, with their counts stored as <em>deltas</em>: the first bucket's
 * count, then each bucket's difference from the previous one (the wire format's encoding, which
 * the chunk encoding reuses).
 *
 * <p>A mutable value, so that iterators can fill one instance per series instead of allocating
 * one per sample; arrays returned by getters are the instance's own. {@link #copy} before keeping
 * a sample. Not thread-safe.
 */
public final class Histogram {

    public static final int CUSTOM_BUCKETS_SCHEMA = -53;

    static final Span[] NO_SPANS = new Span[0];
    static final long[] NO_LONGS = new long[0];
    static final double[] NO_DOUBLES = new double[0];

    private CounterResetHint counterResetHint = CounterResetHint.UNKNOWN;
    private int schema;
    private double zeroThreshold;
    private long zeroCount;
    private long count;
    private double sum;
    private Span[] positiveSpans = NO_SPANS;
    private long[] positiveBuckets = NO_LONGS;
    private Span[] negativeSpans = NO_SPANS;
    private long[] negativeBuckets = NO_LONGS;
    private double[] customValues = NO_DOUBLES;

    public CounterResetHint counterResetHint() {
        return counterResetHint;
    }

    public Histogram counterResetHint(CounterResetHint hint) {
        this.counterResetHint = Objects.requireNonNull(hint);
        return this;
    }

    public int schema() {
        return schema;
    }

    public Histogram schema(int schema) {
        this.schema = schema;
        return this;
    }

    public double zeroThreshold() {
        return zeroThreshold;
    }

    public Histogram zeroThreshold(double zeroThreshold) {
        this.zeroThreshold = zeroThreshold;
        return this;
    }

    public long zeroCount() {
        return zeroCount;
    }

    public Histogram zeroCount(long zeroCount) {
        this.zeroCount = zeroCount;
        return this;
    }

    public long count() {
        return count;
    }

    public Histogram count(long count) {
        this.count = count;
        return this;
    }

    public double sum() {
        return sum;
    }

    public Histogram sum(double sum) {
        this.sum = sum;
        return this;
    }

    public Span[] positiveSpans() {
        return positiveSpans;
    }

    public Histogram positiveSpans(Span... spans) {
        this.positiveSpans = spans;
        return this;
    }

    /** Positive bucket counts as deltas (see the class comment). */
    public long[] positiveBuckets() {
        return positiveBuckets;
    }

    public Histogram positiveBuckets(long... deltas) {
        this.positiveBuckets = deltas;
        return this;
    }

    public Span[] negativeSpans() {
        return negativeSpans;
    }

    public Histogram negativeSpans(Span... spans) {
        this.negativeSpans = spans;
        return this;
    }

    /** Negative bucket counts as deltas. */
    public long[] negativeBuckets() {
        return negativeBuckets;
    }

    public Histogram negativeBuckets(long... deltas) {
        this.negativeBuckets = deltas;
        return this;
    }

    /** Upper bounds of the custom buckets (schema {@value #CUSTOM_BUCKETS_SCHEMA}); empty otherwise. */
    public double[] customValues() {
        return customValues;
    }

    public Histogram customValues(double... bounds) {
        this.customValues = bounds;
        return this;
    }

    public boolean usesCustomBuckets() {
        return schema == CUSTOM_BUCKETS_SCHEMA;
    }

    /**
     * Checks the sample's consistency as {@link FloatHistogram#validate} does, and in addition
     * that the count equals the zero count plus all bucket counts; when the sum is NaN (NaN
     * observations are counted but in no bucket) the count may be larger.
     *
     * @throws IllegalArgumentException naming the first problem, in PromQL's wording
     */
    public void validate() {
        HistogramValidation.checkLayout(schema, positiveSpans, positiveBuckets.length, negativeSpans, negativeBuckets.length,
                customValues, zeroThreshold, zeroCount == 0);
        long inBuckets = 0;
        if (!usesCustomBuckets()) {
            inBuckets += HistogramValidation.checkDeltaCounts("negative side: ", negativeBuckets);
        }
        inBuckets += HistogramValidation.checkDeltaCounts("positive side: ", positiveBuckets);
        inBuckets += zeroCount;
        if (Double.isNaN(sum)) {
            if (Long.compareUnsigned(inBuckets, count) > 0) {
                HistogramValidation.fail(Long.toUnsignedString(inBuckets) + " observations found in buckets, but the Count field is "
                        + Long.toUnsignedString(count) + ": " + HistogramValidation.COUNT_NOT_BIG_ENOUGH);
            }
        } else if (inBuckets != count) {
            HistogramValidation.fail(Long.toUnsignedString(inBuckets) + " observations found in buckets, but the Count field is "
                    + Long.toUnsignedString(count) + ": " + HistogramValidation.COUNT_MISMATCH);
        }
    }

    /** A deep copy. */
    public Histogram copy() {
        return copyTo(new Histogram());
    }

    /** Copies this histogram into {@code target} (deeply) and returns it. */
    public Histogram copyTo(Histogram target) {
        target.counterResetHint = counterResetHint;
        target.schema = schema;
        target.zeroThreshold = zeroThreshold;
        target.zeroCount = zeroCount;
        target.count = count;
        target.sum = sum;
        target.positiveSpans = positiveSpans.clone();
        target.positiveBuckets = positiveBuckets.clone();
        target.negativeSpans = negativeSpans.clone();
        target.negativeBuckets = negativeBuckets.clone();
        target.customValues = customValues.clone();
        return target;
    }

    /** The same sample with float counts (absolute, not deltas), the form queries compute with. */
    public FloatHistogram toFloat() {
        return toFloat(new FloatHistogram());
    }

    /** Fills {@code target} with this sample as a float histogram and returns it. */
    public FloatHistogram toFloat(FloatHistogram target) {
        target.counterResetHint(counterResetHint)
                .schema(schema)
                .zeroThreshold(zeroThreshold)
                .zeroCount(zeroCount)
                .count(count)
                .sum(sum)
                .positiveSpans(positiveSpans.clone())
                .positiveBuckets(absolute(positiveBuckets))
                .negativeSpans(negativeSpans.clone())
                .negativeBuckets(absolute(negativeBuckets))
                .customValues(customValues.clone());
        return target;
    }

    private static double[] absolute(long[] deltas) {
        double[] counts = new double[deltas.length];
        long current = 0;
        for (int i = 0; i < deltas.length; i++) {
            current += deltas[i];
            counts[i] = current;
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h
                && counterResetHint == h.counterResetHint
                && schema == h.schema
                && Double.compare(zeroThreshold, h.zeroThreshold) == 0
                && zeroCount == h.zeroCount
                && count == h.count
                && Double.compare(sum, h.sum) == 0
                && Arrays.equals(positiveSpans, h.positiveSpans)
                && Arrays.equals(positiveBuckets, h.positiveBuckets)
                && Arrays.equals(negativeSpans, h.negativeSpans)
                && Arrays.equals(negativeBuckets, h.negativeBuckets)
                && Arrays.equals(customValues, h.customValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, count, sum, zeroCount, Arrays.hashCode(positiveBuckets), Arrays.hashCode(negativeBuckets));
    }

    @Override
    public String toString() {
        return toFloat().toString();
    }
}
