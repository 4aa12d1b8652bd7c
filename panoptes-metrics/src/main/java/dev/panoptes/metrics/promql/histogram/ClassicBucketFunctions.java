package dev.panoptes.metrics.promql.histogram;

/**
 * {@code histogram_quantile} and {@code histogram_fraction} over classic histograms: one series
 * group's buckets as parallel arrays of upper bounds ({@code le}) and cumulative counts.
 *
 * <p>The arrays are worked on in place, as a scratch copy the caller owns: sorted by bound if
 * they are not, buckets with equal bounds merged (their counts added), and for quantiles the
 * counts made monotonic. The number of buckets left is then at most the length passed in.
 * Nothing is allocated but the result. Stateless and thread-safe.
 */
public final class ClassicBucketFunctions {

    /** Relative difference between neighbouring cumulative counts taken for float rounding. */
    static final double SMALL_DELTA_TOLERANCE = 1e-12;

    private ClassicBucketFunctions() {
    }

    /**
     * The {@code q}-quantile, interpolated linearly within the bucket the rank falls in. Rules:
     * NaN q gives NaN, q below 0 -Inf, above 1 +Inf (the buckets are then not looked at); a
     * highest bound other than +Inf, fewer than two buckets or no observations give NaN. The
     * lowest bucket starts at 0 if its upper bound is positive; if it is not, a rank in it gives
     * that upper bound. A rank in the +Inf bucket gives the second-highest bound.
     *
     * @param length how many leading entries of the arrays are buckets; at least 1
     */
    public static ClassicQuantile quantile(double q, double[] upperBounds, double[] cumulativeCounts, int length) {
        if (Double.isNaN(q)) {
            return ClassicQuantile.unfixed(Double.NaN);
        }
        if (q < 0) {
            return ClassicQuantile.unfixed(Double.NEGATIVE_INFINITY);
        }
        if (q > 1) {
            return ClassicQuantile.unfixed(Double.POSITIVE_INFINITY);
        }
        sortByBound(upperBounds, cumulativeCounts, length);
        if (upperBounds[length - 1] != Double.POSITIVE_INFINITY) {
            return ClassicQuantile.unfixed(Double.NaN);
        }
        int n = coalesce(upperBounds, cumulativeCounts, length);

        // Make the counts monotonic: ignore rounding-sized differences either way, and raise
        // any count that falls to the one before it.
        boolean forced = false;
        boolean fixedPrecision = false;
        double minBucket = Double.POSITIVE_INFINITY;
        double maxBucket = Double.NEGATIVE_INFINITY;
        double maxDiff = 0;
        double previous = cumulativeCounts[0];
        for (int i = 1; i < n; i++) {
            double current = cumulativeCounts[i];
            if (current == previous) {
                continue;
            }
            if (almostEqual(previous, current, SMALL_DELTA_TOLERANCE)) {
                cumulativeCounts[i] = previous;
                fixedPrecision = true;
                continue;
            }
            if (current < previous) {
                cumulativeCounts[i] = previous;
                forced = true;
                minBucket = Math.min(minBucket, upperBounds[i]);
                maxBucket = Math.max(maxBucket, upperBounds[i]);
                maxDiff = Math.max(maxDiff, previous - current);
                continue;
            }
            previous = current;
        }

        double value = interpolate(q, upperBounds, cumulativeCounts, n);
        return new ClassicQuantile(value, forced, fixedPrecision, minBucket, maxBucket, maxDiff);
    }

    private static double interpolate(double q, double[] bounds, double[] counts, int n) {
        if (n < 2) {
            return Double.NaN;
        }
        double observations = counts[n - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        // The first bucket (below the +Inf one) whose cumulative count reaches the rank.
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (counts[mid] >= rank) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        int b = lo;
        if (b == n - 1) {
            return bounds[n - 2];
        }
        if (b == 0 && bounds[0] <= 0) {
            return bounds[0];
        }
        double start = 0;
        double end = bounds[b];
        double count = counts[b];
        if (b > 0) {
            start = bounds[b - 1];
            count -= counts[b - 1];
            rank -= counts[b - 1];
        }
        return start + (end - start) * (rank / count);
    }

    /**
     * The estimated fraction of observations between {@code lower} and {@code upper}, linearly
     * interpolated; the inverse of {@link #quantile}. NaN without a +Inf bucket, without
     * observations or for a NaN bound; 0 when {@code lower >= upper}. The lowest bucket starts at
     * 0 if its upper bound is positive and at -Inf otherwise; buckets with an infinite bound
     * count fully or not at all. Counts are not made monotonic.
     */
    public static double fraction(double lower, double upper, double[] upperBounds, double[] cumulativeCounts, int length) {
        sortByBound(upperBounds, cumulativeCounts, length);
        if (upperBounds[length - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        int n = coalesce(upperBounds, cumulativeCounts, length);
        double count = cumulativeCounts[n - 1];
        if (count == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
            return Double.NaN;
        }
        if (lower >= upper) {
            return 0;
        }
        double rank = 0;
        double lowerRank = 0;
        double upperRank = 0;
        boolean lowerSet = false;
        boolean upperSet = false;
        double lowerBound = upperBounds[0] <= 0 ? Double.NEGATIVE_INFINITY : 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                lowerBound = upperBounds[i - 1];
            }
            double upperBound = upperBounds[i];
            double bucketCount = cumulativeCounts[i];
            if (!lowerSet && lowerBound >= lower) {
                lowerRank = rank;
                lowerSet = true;
            }
            if (!upperSet && lowerBound >= upper) {
                upperRank = rank;
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            if (!lowerSet && lowerBound < lower && upperBound > lower) {
                lowerRank = rankAt(lower, rank, lowerBound, upperBound, bucketCount);
                lowerSet = true;
            }
            if (!upperSet && lowerBound < upper && upperBound > upper) {
                upperRank = rankAt(upper, rank, lowerBound, upperBound, bucketCount);
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            rank = bucketCount;
        }
        if (!lowerSet || lowerRank > count) {
            lowerRank = count;
        }
        if (!upperSet || upperRank > count) {
            upperRank = count;
        }
        return (upperRank - lowerRank) / count;
    }

    private static double rankAt(double v, double rankBelow, double lowerBound, double upperBound, double cumulative) {
        if (lowerBound == Double.NEGATIVE_INFINITY) {
            return cumulative;
        }
        return rankBelow + (cumulative - rankBelow) * (v - lowerBound) / (upperBound - lowerBound);
    }

    /** Insertion sort of both arrays by bound: buckets usually arrive sorted or nearly so. */
    private static void sortByBound(double[] bounds, double[] counts, int length) {
        for (int i = 1; i < length; i++) {
            double bound = bounds[i];
            if (bound >= bounds[i - 1]) {
                continue;
            }
            double count = counts[i];
            int j = i - 1;
            while (j >= 0 && bounds[j] > bound) {
                bounds[j + 1] = bounds[j];
                counts[j + 1] = counts[j];
                j--;
            }
            bounds[j + 1] = bound;
            counts[j + 1] = count;
        }
    }

    /** Merges buckets with equal bounds (adding their counts); returns the number left. */
    private static int coalesce(double[] bounds, double[] counts, int length) {
        int n = 0;
        for (int i = 1; i < length; i++) {
            if (bounds[i] == bounds[n]) {
                counts[n] += counts[i];
            } else {
                n++;
                bounds[n] = bounds[i];
                counts[n] = counts[i];
            }
        }
        return n + 1;
    }

    /** Equality within a relative {@code epsilon} of the magnitudes' sum; NaNs equal each other. */
    static boolean almostEqual(double a, double b, double epsilon) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
            return diff < epsilon * Double.MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
    }
}
