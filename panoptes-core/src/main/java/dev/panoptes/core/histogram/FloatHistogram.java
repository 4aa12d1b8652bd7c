package dev.panoptes.core.histogram;

import java.util.Arrays;
import java.util.Objects;

/**
 * A native histogram sample with float counts: what queries compute with, and what producers
 * that cannot guarantee integers send. Same layout as {@link Histogram}, except that bucket
 * counts are absolute, not deltas.
 *
 * <p>A mutable value reused by iterators; arrays returned by getters are the instance's own.
 * {@link #copy} before keeping a sample. Not thread-safe.
 */
public final class FloatHistogram {

    private CounterResetHint counterResetHint = CounterResetHint.UNKNOWN;
    private int schema;
    private double zeroThreshold;
    private double zeroCount;
    private double count;
    private double sum;
    private Span[] positiveSpans = Histogram.NO_SPANS;
    private double[] positiveBuckets = Histogram.NO_DOUBLES;
    private Span[] negativeSpans = Histogram.NO_SPANS;
    private double[] negativeBuckets = Histogram.NO_DOUBLES;
    private double[] customValues = Histogram.NO_DOUBLES;

    public CounterResetHint counterResetHint() {
        return counterResetHint;
    }

    public FloatHistogram counterResetHint(CounterResetHint hint) {
        this.counterResetHint = Objects.requireNonNull(hint);
        return this;
    }

    public int schema() {
        return schema;
    }

    public FloatHistogram schema(int schema) {
        this.schema = schema;
        return this;
    }

    public double zeroThreshold() {
        return zeroThreshold;
    }

    public FloatHistogram zeroThreshold(double zeroThreshold) {
        this.zeroThreshold = zeroThreshold;
        return this;
    }

    public double zeroCount() {
        return zeroCount;
    }

    public FloatHistogram zeroCount(double zeroCount) {
        this.zeroCount = zeroCount;
        return this;
    }

    public double count() {
        return count;
    }

    public FloatHistogram count(double count) {
        this.count = count;
        return this;
    }

    public double sum() {
        return sum;
    }

    public FloatHistogram sum(double sum) {
        this.sum = sum;
        return this;
    }

    public Span[] positiveSpans() {
        return positiveSpans;
    }

    public FloatHistogram positiveSpans(Span... spans) {
        this.positiveSpans = spans;
        return this;
    }

    /** Absolute counts of the positive buckets, in span order. */
    public double[] positiveBuckets() {
        return positiveBuckets;
    }

    public FloatHistogram positiveBuckets(double... counts) {
        this.positiveBuckets = counts;
        return this;
    }

    public Span[] negativeSpans() {
        return negativeSpans;
    }

    public FloatHistogram negativeSpans(Span... spans) {
        this.negativeSpans = spans;
        return this;
    }

    /** Absolute counts of the negative buckets, in span order. */
    public double[] negativeBuckets() {
        return negativeBuckets;
    }

    public FloatHistogram negativeBuckets(double... counts) {
        this.negativeBuckets = counts;
        return this;
    }

    /** Upper bounds of the custom buckets (schema {@value Histogram#CUSTOM_BUCKETS_SCHEMA}); empty otherwise. */
    public double[] customValues() {
        return customValues;
    }

    public FloatHistogram customValues(double... bounds) {
        this.customValues = bounds;
        return this;
    }

    public boolean usesCustomBuckets() {
        return schema == Histogram.CUSTOM_BUCKETS_SCHEMA;
    }

    /** A deep copy. */
    public FloatHistogram copy() {
        return copyTo(new FloatHistogram());
    }

    /** Copies this histogram into {@code target} (deeply) and returns it. */
    public FloatHistogram copyTo(FloatHistogram target) {
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

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatHistogram h
                && counterResetHint == h.counterResetHint
                && schema == h.schema
                && Double.compare(zeroThreshold, h.zeroThreshold) == 0
                && Double.compare(zeroCount, h.zeroCount) == 0
                && Double.compare(count, h.count) == 0
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
        return "{schema:" + schema + ", count:" + count + ", sum:" + sum + ", zeroThreshold:" + zeroThreshold + ", zeroCount:" + zeroCount
                + ", positive:" + Arrays.toString(positiveSpans) + Arrays.toString(positiveBuckets)
                + ", negative:" + Arrays.toString(negativeSpans) + Arrays.toString(negativeBuckets)
                + (customValues.length > 0 ? ", customValues:" + Arrays.toString(customValues) : "") + "}";
    }
}
