package dev.panoptes.core.histogram;

/**
 * A cursor over all buckets of a {@link FloatHistogram} in value order: negative buckets from
 * the lowest up, the zero bucket (only when its count is above zero; never for custom buckets),
 * then positive buckets; or the reverse with {@link #resetDescending}. Buckets of zero count
 * inside spans are visited. A negative bucket whose upper bound lies inside the zero bucket is
 * cut to end at {@code -zeroThreshold}, a positive one to start at {@code +zeroThreshold}.
 *
 * <p>Allocation-free and reusable: {@code reset} it onto another histogram. The histogram must
 * not change while the cursor walks it. Not thread-safe.
 */
public final class BucketCursor {

    private static final int NEGATIVE = 0;
    private static final int ZERO = 1;
    private static final int POSITIVE = 2;
    private static final int DONE = 3;

    private FloatHistogram h;
    private boolean descending;
    private int phase;

    // Position within the current side's spans.
    private Span[] spans;
    private double[] counts;
    private int spanIdx;
    private int inSpan;
    private int bucketIdx;
    private int nextIndex;
    private boolean reverse;

    private double lower;
    private double upper;
    private double count;
    private int index;
    private boolean zeroBucket;
    private boolean lowerInclusive;
    private boolean upperInclusive;

    /** Starts an ascending walk over {@code histogram}. */
    public BucketCursor reset(FloatHistogram histogram) {
        return start(histogram, false);
    }

    /** Starts a descending walk (highest positive bucket first). */
    public BucketCursor resetDescending(FloatHistogram histogram) {
        return start(histogram, true);
    }

    private BucketCursor start(FloatHistogram histogram, boolean descending) {
        this.h = histogram;
        this.descending = descending;
        this.phase = descending ? POSITIVE : NEGATIVE;
        enterSide();
        return this;
    }

    /** Moves to the next bucket; false when all are visited. */
    public boolean next() {
        while (phase != DONE) {
            if (phase == ZERO) {
                advancePhase();
                if (!h.usesCustomBuckets() && h.zeroCount() > 0) {
                    zeroBucket = true;
                    index = 0;
                    count = h.zeroCount();
                    lower = -h.zeroThreshold();
                    upper = h.zeroThreshold();
                    lowerInclusive = true;
                    upperInclusive = true;
                    return true;
                }
                continue;
            }
            boolean found = reverse ? stepBackward() : stepForward();
            if (found) {
                zeroBucket = false;
                fillBounds(phase == POSITIVE);
                return true;
            }
            advancePhase();
        }
        return false;
    }

    private void advancePhase() {
        phase = descending ? (phase == NEGATIVE ? DONE : phase - 1) : phase + 1;
        enterSide();
    }

    private void enterSide() {
        if (phase == NEGATIVE || phase == POSITIVE) {
            boolean positive = phase == POSITIVE;
            spans = positive ? h.positiveSpans() : h.negativeSpans();
            counts = positive ? h.positiveBuckets() : h.negativeBuckets();
            // Negative buckets ascend in value as their index falls; positive ones as it rises.
            reverse = positive == descending;
            if (reverse) {
                spanIdx = spans.length - 1;
                long total = 0;
                int buckets = 0;
                for (Span s : spans) {
                    total += s.offset() + (long) s.length();
                    buckets += s.length();
                }
                // A bucket list that does not match its spans (an invalid histogram) yields nothing.
                bucketIdx = buckets == counts.length ? buckets - 1 : -1;
                inSpan = spanIdx >= 0 ? spans[spanIdx].length() - 1 : -1;
                nextIndex = (int) total - 1;
            } else {
                spanIdx = 0;
                inSpan = 0;
                bucketIdx = 0;
                nextIndex = spans.length > 0 ? spans[0].offset() : 0;
            }
        }
    }

    private boolean stepForward() {
        if (bucketIdx >= counts.length) {
            return false;
        }
        while (spanIdx < spans.length && inSpan >= spans[spanIdx].length()) {
            spanIdx++;
            inSpan = 0;
            if (spanIdx < spans.length) {
                nextIndex += spans[spanIdx].offset();
            }
        }
        if (spanIdx >= spans.length) {
            return false;
        }
        index = nextIndex++;
        count = counts[bucketIdx++];
        inSpan++;
        return true;
    }

    private boolean stepBackward() {
        if (bucketIdx < 0 || !settleBackward()) {
            return false;
        }
        index = nextIndex;
        count = counts[bucketIdx];
        retreatSlot();
        return true;
    }

    /** Moves back over finished (and empty) spans so that {@code inSpan} is a slot of span {@code spanIdx}. */
    private boolean settleBackward() {
        while (spanIdx >= 0 && inSpan < 0) {
            nextIndex -= spans[spanIdx].offset();
            spanIdx--;
            if (spanIdx >= 0) {
                inSpan = spans[spanIdx].length() - 1;
            }
        }
        return spanIdx >= 0;
    }

    private void retreatSlot() {
        bucketIdx--;
        inSpan--;
        nextIndex--;
    }

    private void fillBounds(boolean positive) {
        double threshold = h.zeroThreshold();
        if (h.usesCustomBuckets()) {
            double[] bounds = h.customValues();
            lower = BucketBounds.custom(index - 1, bounds);
            upper = BucketBounds.custom(index, bounds);
            lowerInclusive = index == 0;
            upperInclusive = true;
            return;
        }
        int schema = h.schema();
        if (positive) {
            lower = BucketBounds.exponential(index - 1, schema);
            upper = BucketBounds.exponential(index, schema);
            if (lower > 0 && lower < threshold) {
                lower = threshold;
            }
        } else {
            lower = -BucketBounds.exponential(index, schema);
            upper = -BucketBounds.exponential(index - 1, schema);
            if (upper < 0 && upper > -threshold) {
                upper = -threshold;
            }
        }
        lowerInclusive = lower < 0;
        upperInclusive = upper > 0;
    }

    /** Lower bound of the current bucket. */
    public double lower() {
        return lower;
    }

    /** Upper bound of the current bucket. */
    public double upper() {
        return upper;
    }

    /** Observations in the current bucket. */
    public double count() {
        return count;
    }

    /** Index of the current bucket within its side and schema; 0 for the zero bucket. */
    public int index() {
        return index;
    }

    public boolean lowerInclusive() {
        return lowerInclusive;
    }

    public boolean upperInclusive() {
        return upperInclusive;
    }

    /** Whether the current bucket is the zero bucket. */
    public boolean isZeroBucket() {
        return zeroBucket;
    }
}
