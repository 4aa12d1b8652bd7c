package dev.panoptes.core.histogram;

/**
 * One application of {@link FloatHistogram#trimBuckets}, the PromQL operators {@code </} and
 * {@code >/}: walks each side in bucket-array order (so kept counts are written back in place),
 * then the zero bucket, adding up the estimated count and sum of what is kept. Bucket bounds are
 * the schema's own bounds, not cut at the zero threshold. Used once, by one thread.
 */
final class HistogramTrim {

    private static final double INVERSE_LN2 = 1.4426950408889634;

    private final double threshold;
    private final boolean upper;

    private double keptCount;
    private double keptSum;
    private boolean changed;

    // The straddling bucket's share, set by keep/keepOfUnbounded.
    private double share;
    private double shareMidpoint;

    HistogramTrim(double threshold, boolean upper) {
        this.threshold = threshold;
        this.upper = upper;
    }

    FloatHistogram apply(FloatHistogram h) {
        SpanWalk walk = new SpanWalk();
        boolean hasPositive = trimSide(h, walk.reset(h.positiveSpans(), h.positiveBuckets()), h.positiveBuckets(), true);
        boolean hasNegative = trimSide(h, walk.reset(h.negativeSpans(), h.negativeBuckets()), h.negativeBuckets(), false);
        if (h.zeroCount() > 0 && !h.usesCustomBuckets()) {
            // A zero bucket beside buckets of one sign only holds observations of that sign.
            double lower = hasPositive && !hasNegative ? 0 : -h.zeroThreshold();
            double higher = hasNegative && !hasPositive ? 0 : h.zeroThreshold();
            keepOfZeroBucket(lower, higher, h.zeroCount());
            if (h.zeroCount() != share) {
                h.zeroCount(share);
                changed = true;
            }
            keptCount += share;
            keptSum += share * shareMidpoint;
        }
        if (changed) {
            // Untouched histograms keep their exact count and sum rather than the estimate.
            h.count(keptCount).sum(keptSum).compact(0);
        }
        return h;
    }

    /** Trims one side in place; whether it had a populated bucket. */
    private boolean trimSide(FloatHistogram h, SpanWalk walk, double[] counts, boolean positive) {
        boolean linear = h.usesCustomBuckets();
        int schema = h.schema();
        double[] bounds = h.customValues();
        boolean populated = false;
        for (int slot = 0; walk.next(); slot++) {
            double count = walk.count();
            if (count == 0) {
                continue;
            }
            populated = true;
            int index = walk.index();
            double lower = positive ? BucketBounds.upper(index - 1, schema, bounds) : -BucketBounds.upper(index, schema, bounds);
            double higher = positive ? BucketBounds.upper(index, schema, bounds) : -BucketBounds.upper(index - 1, schema, bounds);
            if (upper ? higher <= threshold : lower >= threshold) {
                keptCount += count;
                keptSum += count * midpoint(lower, higher, positive, linear);
                continue;
            }
            if (upper ? lower < threshold : higher > threshold) {
                if (Double.isInfinite(lower) || Double.isInfinite(higher)) {
                    keepOfUnbounded(lower, higher, count);
                } else {
                    keepOfBounded(lower, higher, count, positive, linear);
                }
                keptCount += share;
                keptSum += share * shareMidpoint;
                if (counts[slot] != share) {
                    counts[slot] = share;
                    changed = true;
                }
            } else {
                counts[slot] = 0;
                changed = true;
            }
        }
        return populated;
    }

    /** The kept part of a finite bucket the threshold lies strictly inside. */
    private void keepOfBounded(double lower, double higher, double count, boolean positive, boolean linear) {
        double below = count * fractionBelow(lower, higher, threshold, linear);
        if (upper) {
            share = below;
            shareMidpoint = midpoint(lower, threshold, positive, linear);
        } else {
            share = count - below;
            shareMidpoint = midpoint(threshold, higher, positive, linear);
        }
    }

    /**
     * The kept part of a bucket reaching to -Inf or +Inf that the threshold lies in. How
     * observations spread over an unbounded range is unknown, so the bucket is dropped, except:
     * a first bucket with a finite positive upper bound counts as starting at 0 (for {@code </}
     * when the threshold is above 0, for {@code >/} when it is at or above 0); {@code </} keeps a
     * first bucket ending at or below 0 whole, and {@code >/} the last bucket (to +Inf), both
     * estimated at the threshold.
     */
    private void keepOfUnbounded(double lower, double higher, double count) {
        boolean finiteHigher = higher != Double.POSITIVE_INFINITY;
        if (lower != Double.NEGATIVE_INFINITY) {
            // Only the last bucket is left, and the threshold lies above its lower bound.
            keep(upper ? 0 : count, upper ? lower : threshold);
        } else if (upper && threshold > 0 && higher > 0 && finiteHigher) {
            keep(count * threshold / higher, threshold / 2);
        } else if (upper && higher <= 0) {
            keep(count, threshold);
        } else if (!upper && threshold >= 0 && finiteHigher) {
            keep(count * (1 - threshold / higher), (threshold + higher) / 2);
        } else {
            keep(0, finiteHigher ? higher : 0);
        }
    }

    /** The kept part of the zero bucket, taken as spread evenly over [lower, higher]. */
    private void keepOfZeroBucket(double lower, double higher, double count) {
        if (upper ? threshold <= lower : threshold >= higher) {
            keep(0, 0);
        } else if (upper ? threshold >= higher : threshold <= lower) {
            keep(count, (lower + higher) / 2);
        } else if (upper) {
            keep(count * (threshold - lower) / (higher - lower), (lower + threshold) / 2);
        } else {
            keep(count * (higher - threshold) / (higher - lower), (threshold + higher) / 2);
        }
    }

    private void keep(double count, double midpoint) {
        share = count;
        shareMidpoint = midpoint;
    }

    /**
     * The fraction of bucket (lower, higher] at or below {@code v}, which lies strictly inside:
     * linear for custom buckets, linear in log2 of the magnitude for exponential buckets (mirrored
     * on the negative side).
     */
    private static double fractionBelow(double lower, double higher, double v, boolean linear) {
        if (linear) {
            return (v - lower) / (higher - lower);
        }
        double logLower = log2(Math.abs(lower));
        double logHigher = log2(Math.abs(higher));
        double logV = log2(Math.abs(v));
        if (v > 0) {
            return (logV - logLower) / (logHigher - logLower);
        }
        return 1 - (logV - logHigher) / (logLower - logHigher);
    }

    /**
     * Where the observations of the kept range [lower, higher] are taken to be: the arithmetic
     * mean for custom buckets, the geometric mean (with the side's sign) for exponential ones.
     * An unbounded range ending at a finite bound: half that bound if it is a positive upper
     * bound, else the bound itself; unbounded at both ends: 0.
     */
    private static double midpoint(double lower, double higher, boolean positive, boolean linear) {
        if (Double.isInfinite(lower)) {
            if (Double.isInfinite(higher)) {
                return 0;
            }
            return higher > 0 ? higher / 2 : higher;
        }
        if (Double.isInfinite(higher)) {
            return lower;
        }
        if (linear) {
            return (lower + higher) / 2;
        }
        double geometric = Math.sqrt(Math.abs(lower * higher));
        return positive ? geometric : -geometric;
    }

    /** Base-2 logarithm of a positive finite {@code x}, exact for powers of two. */
    private static double log2(double x) {
        if (x == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        int exponent = Math.getExponent(x);
        if (exponent < Double.MIN_EXPONENT) {
            // Subnormal: scale into the normal range first.
            return log2(Math.scalb(x, 64)) - 64;
        }
        double mantissa = Math.scalb(x, -exponent);
        if (mantissa == 1) {
            return exponent;
        }
        return Math.log(mantissa) * INVERSE_LN2 + exponent;
    }
}
