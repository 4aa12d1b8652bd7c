package dev.panoptes.core.histogram;

import java.util.Arrays;
import java.util.Objects;

/**
 * A native histogram sample with float counts: what queries compute with, and what producers
 * that cannot guarantee integers send. Same layout as {@link Histogram}, except that bucket
 * counts are absolute, not deltas.
 *
 * <p>Arithmetic follows PromQL's native histogram semantics: {@link #add}/{@link #sub} match
 * buckets by boundary, {@link #mul}/{@link #div} scale, {@link #detectReset} compares with the
 * previous sample of a counter, {@link #validate} checks consistency. Operations change the
 * receiver and return it (or flags); the other operand is never changed.
 *
 * <p>A mutable value reused by iterators; arrays returned by getters are the instance's own, and
 * setters keep the arrays they are given. {@link #mul} and {@link #div} scale the bucket arrays in
 * place, and so do {@link #add} and {@link #sub} when both operands have the same layout; otherwise
 * operations replace the arrays. {@link #copy} before keeping a sample. Not thread-safe.
 */
public final class FloatHistogram {

    /**
     * Flag returned by {@link #add}/{@link #sub}: one operand was marked as following a counter
     * reset and the other as not; the result's hint is {@link CounterResetHint#UNKNOWN}. PromQL
     * warns about it.
     */
    public static final int COUNTER_RESET_COLLISION = 1;

    /**
     * Flag returned by {@link #add}/{@link #sub}: the operands had different custom bucket bounds
     * and the result uses only the bounds both share. PromQL reports it as information.
     */
    public static final int CUSTOM_BOUNDS_RECONCILED = 2;

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

    /**
     * Adds {@code other} to this histogram. Count, sum and zero count add up; buckets are matched
     * by their boundaries.
     *
     * <ul>
     *   <li>Exponential schemas: the result has the lower (coarser) schema of the two, the finer
     *       operand's buckets merged into it. It has the larger zero threshold, moved up to the
     *       upper bound of a populated bucket that it would cut through; buckets inside the
     *       widened zero bucket are merged into the zero count.
     *   <li>Custom buckets with equal bounds add bucket by bucket. With different bounds, the
     *       result keeps only the bounds both have: each bucket goes into the common bucket whose
     *       upper bound is the first common bound at or above its own; empty buckets are dropped
     *       and {@link #CUSTOM_BOUNDS_RECONCILED} is returned.
     *   <li>Counter-reset hint: {@code GAUGE} if either is a gauge; otherwise {@code UNKNOWN} if
     *       either is unknown; otherwise the common hint; a {@code COUNTER_RESET} /
     *       {@code NOT_COUNTER_RESET} clash becomes {@code UNKNOWN} and returns
     *       {@link #COUNTER_RESET_COLLISION}.
     * </ul>
     *
     * <p>The result may hold empty buckets; {@link #compact} removes them.
     *
     * @return the flags {@link #COUNTER_RESET_COLLISION} and {@link #CUSTOM_BOUNDS_RECONCILED}, or 0
     * @throws IncompatibleHistogramsException if one operand has custom buckets and the other not
     */
    public int add(FloatHistogram other) {
        return HistogramArithmetic.add(this, other, 1);
    }

    /**
     * Subtracts {@code other} from this histogram, with the reconciliation rules and the hint rule
     * of {@link #add} (the PromQL {@code -} operator then marks the result as a gauge itself).
     * Counts may become negative.
     */
    public int sub(FloatHistogram other) {
        return HistogramArithmetic.add(this, other, -1);
    }

    /**
     * Multiplies count, sum, zero count and every bucket by {@code factor}; the layout stays. A
     * negative factor makes the histogram a gauge.
     */
    public FloatHistogram mul(double factor) {
        zeroCount *= factor;
        count *= factor;
        sum *= factor;
        scale(positiveBuckets, factor);
        scale(negativeBuckets, factor);
        if (factor < 0) {
            counterResetHint = CounterResetHint.GAUGE;
        }
        return this;
    }

    /**
     * Divides count, sum, zero count and every bucket by {@code divisor}. Division by zero leaves
     * no buckets at all (count, sum and zero count become infinite, or NaN where they were zero);
     * a negative divisor makes the histogram a gauge.
     */
    public FloatHistogram div(double divisor) {
        zeroCount /= divisor;
        count /= divisor;
        sum /= divisor;
        if (divisor == 0) {
            positiveSpans = Histogram.NO_SPANS;
            negativeSpans = Histogram.NO_SPANS;
            positiveBuckets = Histogram.NO_DOUBLES;
            negativeBuckets = Histogram.NO_DOUBLES;
            return this;
        }
        for (int i = 0; i < positiveBuckets.length; i++) {
            positiveBuckets[i] /= divisor;
        }
        for (int i = 0; i < negativeBuckets.length; i++) {
            negativeBuckets[i] /= divisor;
        }
        if (divisor < 0) {
            counterResetHint = CounterResetHint.GAUGE;
        }
        return this;
    }

    private static void scale(double[] counts, double factor) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] *= factor;
        }
    }

    /**
     * Keeps only the observations at or below {@code threshold} ({@code upper}, the PromQL
     * operator {@code </}) or at or above it ({@code >/}), and re-estimates count and sum.
     *
     * <ul>
     *   <li>A bucket wholly on the kept side stays as it is; one wholly on the other side becomes
     *       empty. A bucket the threshold lies strictly inside keeps the fraction of its count
     *       on the kept side: linear interpolation for custom buckets, interpolation on the
     *       log2 scale of the magnitude for exponential buckets.
     *   <li>A bucket reaching to -Inf or +Inf that the threshold lies in is dropped, since how
     *       its observations spread is unknown, with three exceptions: a first bucket with a
     *       finite positive upper bound counts as starting at 0 (for {@code </} when the
     *       threshold is above 0, for {@code >/} when it is at or above 0) and is interpolated
     *       linearly; {@code </} keeps a first bucket ending at or below 0 whole; {@code >/}
     *       keeps the last bucket (to +Inf) whole.
     *   <li>The zero bucket is taken as spread evenly over [-zeroThreshold, zeroThreshold], or
     *       over only its positive (negative) half when the histogram has populated buckets of
     *       that sign only, and keeps the linearly interpolated fraction; its width stays.
     *   <li>The new count is the sum of the kept counts. The new sum is estimated: each bucket's
     *       kept count times the midpoint of its kept range, the arithmetic mean of the range for
     *       custom buckets and the zero bucket, the geometric mean (with the side's sign) for
     *       exponential buckets, the threshold for the two unbounded buckets kept whole above,
     *       and for a bucket kept whole that is unbounded on one side half its upper bound if
     *       that is positive, or else its finite bound (0 when unbounded on both). If no bucket
     *       changed, count and sum stay exact as they were; otherwise empty buckets are removed
     *       ({@link #compact compact(0)}).
     *   <li>{@code </ +Inf} and {@code >/ -Inf} change nothing; {@code </ -Inf} and
     *       {@code >/ +Inf} empty every bucket. A NaN threshold empties every bucket and makes
     *       the zero count, count and sum NaN when the zero bucket was populated.
     * </ul>
     *
     * <p>Changes this histogram; returns it.
     */
    public FloatHistogram trimBuckets(double threshold, boolean upper) {
        return new HistogramTrim(threshold, upper).apply(this);
    }

    /**
     * Removes empty buckets (count exactly zero) and rebuilds the spans: runs of at most
     * {@code maxEmptyBuckets} empty buckets between populated ones stay inside a span as
     * explicit zeros, longer runs become gaps between spans. {@code compact(0)} leaves only
     * populated buckets, in as few spans as their positions allow.
     */
    public FloatHistogram compact(int maxEmptyBuckets) {
        if (maxEmptyBuckets < 0) {
            throw new IllegalArgumentException("maxEmptyBuckets must not be negative: " + maxEmptyBuckets);
        }
        SpanWalk walk = new SpanWalk();
        BucketList positive = BucketList.of(walk.reset(positiveSpans, positiveBuckets), positiveBuckets.length).withoutEmpty();
        positiveSpans = positive.spans(maxEmptyBuckets);
        positiveBuckets = positive.countsFilling(maxEmptyBuckets);
        BucketList negative = BucketList.of(walk.reset(negativeSpans, negativeBuckets), negativeBuckets.length).withoutEmpty();
        negativeSpans = negative.spans(maxEmptyBuckets);
        negativeBuckets = negative.countsFilling(maxEmptyBuckets);
        return this;
    }

    /**
     * Lowers the resolution to {@code targetSchema}: every {@code 2^(schema - targetSchema)}
     * neighbouring buckets merge into one. The same schema is left as it is.
     *
     * @throws IllegalArgumentException for custom buckets, or a target above the current schema
     *     or outside the exponential schemas
     */
    public FloatHistogram reduceResolution(int targetSchema) {
        if (usesCustomBuckets()) {
            throw new IllegalArgumentException("cannot reduce resolution when there are custom buckets");
        }
        if (!BucketBounds.isExponentialSchema(targetSchema)) {
            throw new IllegalArgumentException("cannot reduce resolution to schema " + targetSchema);
        }
        if (targetSchema > schema) {
            throw new IllegalArgumentException("cannot reduce resolution from schema " + schema + " to " + targetSchema);
        }
        if (targetSchema == schema) {
            return this;
        }
        SpanWalk walk = new SpanWalk();
        BucketList positive = BucketList.of(walk.reset(positiveSpans, positiveBuckets, schema, targetSchema), positiveBuckets.length);
        BucketList negative = BucketList.of(walk.reset(negativeSpans, negativeBuckets, schema, targetSchema), negativeBuckets.length);
        positiveSpans = positive.spans(0);
        positiveBuckets = positive.countsFilling(0);
        negativeSpans = negative.spans(0);
        negativeBuckets = negative.countsFilling(0);
        schema = targetSchema;
        return this;
    }

    /**
     * Whether this counter histogram follows a reset of {@code previous}. An explicit
     * {@code COUNTER_RESET} hint says yes and {@code NOT_COUNTER_RESET} says no; otherwise
     * (unknown, and gauges that a function treats as counters) a reset is seen when the count
     * fell, when custom buckets replaced exponential ones, when the schema rose or the zero
     * threshold fell, when the threshold cuts through a populated bucket of {@code previous},
     * or when the zero count or any bucket (compared after bringing {@code previous} to this
     * schema and threshold; with different custom bounds, summed up to each shared bound) holds
     * less than before. The sum is not compared.
     */
    public boolean detectReset(FloatHistogram previous) {
        return CounterResetDetection.detectReset(this, previous);
    }

    /**
     * Checks the histogram's consistency: a valid schema; spans that need exactly as many buckets
     * as there are and no negative offset after the first span; no negative count; custom
     * bounds strictly increasing, finite and enough for the spans, and no zero bucket or
     * negative buckets with them. The count is not compared with the buckets' total, because
     * float rounding would give false alarms ({@link Histogram#validate} does compare).
     *
     * @throws IllegalArgumentException naming the first problem, in PromQL's wording
     */
    public void validate() {
        HistogramValidation.checkLayout(schema, positiveSpans, positiveBuckets.length, negativeSpans, negativeBuckets.length,
                customValues, zeroThreshold, zeroCount == 0);
        if (!usesCustomBuckets()) {
            HistogramValidation.checkCounts("negative side: ", negativeBuckets);
            if (zeroCount < 0) {
                HistogramValidation.fail("zero bucket has observation count of " + HistogramValidation.number(zeroCount) + ": "
                        + HistogramValidation.NEGATIVE_BUCKET_COUNT);
            }
        }
        if (count < 0) {
            HistogramValidation.fail("observation count is  " + HistogramValidation.number(count) + ": "
                    + HistogramValidation.NEGATIVE_COUNT);
        }
        HistogramValidation.checkCounts("positive side: ", positiveBuckets);
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
