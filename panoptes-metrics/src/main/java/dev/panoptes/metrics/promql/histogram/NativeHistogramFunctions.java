package dev.panoptes.metrics.promql.histogram;

import dev.panoptes.core.histogram.BucketCursor;
import dev.panoptes.core.histogram.FloatHistogram;

/**
 * PromQL's functions over one native histogram: {@code histogram_quantile},
 * {@code histogram_fraction}, {@code histogram_stddev}, {@code histogram_stdvar} and
 * {@code histogram_avg}.
 *
 * <p>Interpolation within a bucket: exponential buckets are interpolated on a logarithmic scale
 * (observations are assumed to fill a finer histogram evenly: the middle of the population of
 * (1,2] is √2); custom buckets and the zero bucket linearly. The zero bucket starts at 0 when a
 * histogram has only positive buckets and ends at 0 when it has only negative ones.
 *
 * <p>Each function takes a {@link BucketCursor} to walk with, so that evaluating many samples
 * allocates nothing per bucket; the cursor is reset by the call. Stateless and thread-safe given
 * a cursor per thread.
 */
public final class NativeHistogramFunctions {

    private NativeHistogramFunctions() {
    }

    /**
     * The {@code q}-quantile of the observations in {@code h}. Rules: q below 0 gives -Inf, above
     * 1 +Inf; NaN q or an empty histogram give NaN. In the lowest custom bucket (lower bound
     * -Inf) the result is its upper bound if that is at most 0, otherwise interpolation starts
     * at 0; in the highest custom bucket (upper bound +Inf) the result is its lower bound. When
     * the rank lies above every bucket (NaN observations), the result is NaN, reported as
     * {@link NanObservations#QUANTILE_IS_NAN}; when NaN observations exist but the rank lies in
     * a bucket, {@link NanObservations#QUANTILE_SKEWED_HIGHER}.
     */
    public static HistogramEstimate quantile(double q, FloatHistogram h, BucketCursor cursor) {
        if (q < 0) {
            return HistogramEstimate.of(Double.NEGATIVE_INFINITY);
        }
        if (q > 1) {
            return HistogramEstimate.of(Double.POSITIVE_INFINITY);
        }
        if (h.count() == 0 || Double.isNaN(q)) {
            return HistogramEstimate.of(Double.NaN);
        }
        // Counting from the nearer end keeps rounding small; NaN observations (in no bucket)
        // are at the top, so then only counting from below is right.
        boolean fromBelow = Double.isNaN(h.sum()) || q < 0.5;
        double rank;
        if (fromBelow) {
            cursor.reset(h);
            rank = q * h.count();
        } else {
            cursor.resetDescending(h);
            rank = (1 - q) * h.count();
        }
        return interpolate(h, cursor, RankedBucket.find(cursor, rank), rank, fromBelow);
    }

    /** The bucket in which a walk reaches a rank, and the observations counted up to it. */
    private static final class RankedBucket {
        double lower;
        double upper;
        double count;
        double cumulative;

        /** Walks until the populated buckets hold {@code rank} observations, or to the end. */
        static RankedBucket find(BucketCursor cursor, double rank) {
            RankedBucket b = new RankedBucket();
            while (cursor.next()) {
                b.lower = cursor.lower();
                b.upper = cursor.upper();
                b.count = cursor.count();
                if (b.count == 0) {
                    continue;
                }
                b.cumulative += b.count;
                if (b.cumulative >= rank) {
                    break;
                }
            }
            return b;
        }
    }

    /** The quantile of the given rank inside {@code found}, the bucket a walk from below or above ended in. */
    private static HistogramEstimate interpolate(FloatHistogram h, BucketCursor cursor, RankedBucket found, double rank, boolean fromBelow) {
        double lower = found.lower;
        double upper = found.upper;
        double count = found.cumulative;
        boolean custom = h.usesCustomBuckets();
        if (!custom && lower < 0 && upper > 0) {
            if (h.negativeBuckets().length == 0 && h.positiveBuckets().length > 0) {
                lower = 0;
            } else if (h.positiveBuckets().length == 0 && h.negativeBuckets().length > 0) {
                upper = 0;
            }
        } else if (custom) {
            if (lower == Double.NEGATIVE_INFINITY) {
                if (upper <= 0) {
                    return HistogramEstimate.of(upper);
                }
                lower = 0;
            } else if (upper == Double.POSITIVE_INFINITY) {
                return HistogramEstimate.of(lower);
            }
        }
        // Rounding can make the buckets add up to more than the count.
        if (count > h.count()) {
            count = h.count();
        }
        if (count < rank) {
            if (Double.isNaN(h.sum())) {
                return new HistogramEstimate(Double.NaN, NanObservations.QUANTILE_IS_NAN);
            }
            return HistogramEstimate.of(upper);
        }
        NanObservations note = hasUncountedObservations(h, cursor, count)
                ? NanObservations.QUANTILE_SKEWED_HIGHER : NanObservations.NONE;
        double rankInBucket = fromBelow ? rank - (count - found.count) : count - rank;
        double fraction = rankInBucket / found.count;
        if (custom || (lower <= 0 && upper >= 0)) {
            return new HistogramEstimate(lower + (upper - lower) * fraction, note);
        }
        return new HistogramEstimate(exponentialPoint(lower, upper, fraction), note);
    }

    /**
     * The point {@code fraction} of the way through exponential bucket (lower, upper] on a
     * logarithmic scale; mirrored for negative buckets.
     */
    private static double exponentialPoint(double lower, double upper, double fraction) {
        double logLower = log2(Math.abs(lower));
        double logUpper = log2(Math.abs(upper));
        if (lower > 0) {
            return Math.pow(2, logLower + (logUpper - logLower) * fraction);
        }
        return -Math.pow(2, logUpper + (logLower - logUpper) * (1 - fraction));
    }

    /**
     * With a NaN sum, whether the buckets (those counted so far, {@code counted}, plus the rest
     * of the walk) hold fewer observations than the count: then NaN observations exist.
     */
    private static boolean hasUncountedObservations(FloatHistogram h, BucketCursor cursor, double counted) {
        if (!Double.isNaN(h.sum())) {
            return false;
        }
        double total = counted;
        while (cursor.next()) {
            total += cursor.count();
        }
        return total < h.count();
    }

    /**
     * The estimated fraction of observations between {@code lower} and {@code upper}, the inverse
     * of {@link #quantile}. NaN for an empty histogram or a NaN bound; 0 when {@code lower >= upper}.
     * Use -Inf or +Inf for an open end. Observations in a bucket with an infinite bound are not
     * interpolated: such a bucket counts fully or not at all. NaN observations are in no
     * fraction ({@link NanObservations#EXCLUDED_FROM_FRACTION}).
     */
    public static HistogramEstimate fraction(double lower, double upper, FloatHistogram h, BucketCursor cursor) {
        if (h.count() == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
            return HistogramEstimate.of(Double.NaN);
        }
        if (lower >= upper) {
            return HistogramEstimate.of(0);
        }
        double lowerRank = rankAt(lower, h, cursor);
        double upperRank = rankAt(upper, h, cursor);
        double inBuckets = h.count();
        NanObservations note = NanObservations.NONE;
        if (Double.isNaN(h.sum())) {
            // NaN observations are in no bucket: count only what the buckets hold.
            inBuckets = 0;
            cursor.reset(h);
            while (cursor.next()) {
                inBuckets += cursor.count();
            }
            if (inBuckets < h.count()) {
                note = NanObservations.EXCLUDED_FROM_FRACTION;
            }
        }
        if (lowerRank == NOT_REACHED || lowerRank > inBuckets) {
            lowerRank = inBuckets;
        }
        if (upperRank == NOT_REACHED || upperRank > inBuckets) {
            upperRank = inBuckets;
        }
        return new HistogramEstimate((upperRank - lowerRank) / h.count(), note);
    }

    /** What {@link #rankAt} answers for a value above every bucket. */
    private static final double NOT_REACHED = Double.NEGATIVE_INFINITY;

    /**
     * The estimated number of observations at or below {@code v}: the count below the first
     * bucket that starts at or above {@code v}, or that count plus the interpolated part of the
     * bucket {@code v} lies inside. {@link #NOT_REACHED} when {@code v} is above every bucket.
     */
    private static double rankAt(double v, FloatHistogram h, BucketCursor cursor) {
        boolean linearAlways = h.usesCustomBuckets();
        boolean onlyPositive = h.negativeBuckets().length == 0 && h.positiveBuckets().length > 0;
        boolean onlyNegative = h.positiveBuckets().length == 0 && h.negativeBuckets().length > 0;
        double rank = 0;
        cursor.reset(h);
        while (cursor.next()) {
            double bLower = cursor.lower();
            double bUpper = cursor.upper();
            double bCount = cursor.count();
            boolean zeroBucket = bLower <= 0 && bUpper >= 0;
            if (zeroBucket && onlyPositive) {
                bLower = 0;
            } else if (zeroBucket && onlyNegative) {
                bUpper = 0;
            }
            if (bLower >= v) {
                return rank;
            }
            if (bUpper > v) {
                return rankBelow(v, rank, bLower, bUpper, bCount, linearAlways || zeroBucket);
            }
            rank += bCount;
        }
        return NOT_REACHED;
    }

    /** The rank of {@code v} inside bucket (bLower, bUpper] that starts at {@code rank}. */
    private static double rankBelow(double v, double rank, double bLower, double bUpper, double bCount, boolean linear) {
        if (linear) {
            // A bucket reaching down to -Inf cannot be interpolated: it counts fully.
            if (bLower == Double.NEGATIVE_INFINITY) {
                return bCount;
            }
            return rank + bCount * (v - bLower) / (bUpper - bLower);
        }
        double logLower = log2(Math.abs(bLower));
        double logUpper = log2(Math.abs(bUpper));
        double logV = log2(Math.abs(v));
        double below = v > 0
                ? (logV - logLower) / (logUpper - logLower)
                : 1 - (logV - logUpper) / (logLower - logUpper);
        return rank + bCount * below;
    }

    /**
     * The estimated variance of the observations: each bucket's observations are taken to sit at
     * its midpoint (geometric mean of the bounds for exponential buckets, arithmetic mean for
     * custom buckets, 0 in the zero bucket), compared with the mean {@code sum / count}. NaN for
     * an empty histogram.
     */
    public static double stdvar(FloatHistogram h, BucketCursor cursor) {
        double mean = h.sum() / h.count();
        boolean custom = h.usesCustomBuckets();
        double variance = 0;
        double compensation = 0;
        cursor.reset(h);
        while (cursor.next()) {
            double bucketCount = cursor.count();
            if (bucketCount == 0) {
                continue;
            }
            double lower = cursor.lower();
            double upper = cursor.upper();
            double midpoint;
            if (custom) {
                midpoint = (upper + lower) / 2.0;
            } else if (lower <= 0 && upper >= 0) {
                midpoint = 0;
            } else {
                midpoint = Math.sqrt(upper * lower);
                if (upper < 0) {
                    midpoint = -midpoint;
                }
            }
            double delta = midpoint - mean;
            double term = bucketCount * delta * delta;
            // Neumaier's compensated summation: many buckets of very different weight.
            double t = variance + term;
            if (Double.isInfinite(t)) {
                compensation = 0;
            } else if (Math.abs(variance) >= Math.abs(term)) {
                compensation += (variance - t) + term;
            } else {
                compensation += (term - t) + variance;
            }
            variance = t;
        }
        return (variance + compensation) / h.count();
    }

    /** The estimated standard deviation: the square root of {@link #stdvar}. */
    public static double stddev(FloatHistogram h, BucketCursor cursor) {
        return Math.sqrt(stdvar(h, cursor));
    }

    /** The arithmetic mean of the observations, {@code sum / count}. */
    public static double avg(FloatHistogram h) {
        return h.sum() / h.count();
    }

    /** log2, exact for powers of two so that a bucket boundary interpolates to itself. */
    static double log2(double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            return Math.log(v) / LN2;
        }
        int shift = 0;
        if (v < Double.MIN_NORMAL) {
            v *= 0x1p54;
            shift = 54;
        }
        int exp = Math.getExponent(v) + 1;
        double fraction = Math.scalb(v, -exp);
        if (fraction == 0.5) {
            return exp - 1 - shift;
        }
        return Math.log(fraction) * (1 / LN2) + exp - shift;
    }

    private static final double LN2 = Math.log(2);
}
