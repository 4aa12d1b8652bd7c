package dev.panoptes.core.histogram;

/**
 * Bucket boundaries of native histograms. Exponential schema {@code s} (-4 to 8): bucket
 * {@code i} covers {@code (2^((i-1)·2^-s), 2^(i·2^-s)]}, mirrored for negative buckets; the last
 * bucket below the one for infinite observations ends at {@link Double#MAX_VALUE} instead of
 * overflowing to +Inf. Custom buckets (schema -53): bucket {@code i} covers
 * {@code (bounds[i-1], bounds[i]]} with {@code bounds[-1] = -Inf} and {@code bounds[length] = +Inf}.
 *
 * <p>Stateless and thread-safe. The fractional powers of two are computed once at class load and
 * agree with the exact values to within a few units in the last place.
 */
public final class BucketBounds {

    static final int MIN_EXPONENTIAL_SCHEMA = -4;
    static final int MAX_EXPONENTIAL_SCHEMA = 8;

    /** FRACTIONS[s][k] = 2^(k/2^s) / 2, the mantissa of the bucket bounds of schema s in [0.5, 1). */
    private static final double[][] FRACTIONS = new double[MAX_EXPONENTIAL_SCHEMA + 1][];

    static {
        for (int s = 0; s <= MAX_EXPONENTIAL_SCHEMA; s++) {
            int n = 1 << s;
            FRACTIONS[s] = new double[n];
            for (int k = 0; k < n; k++) {
                FRACTIONS[s][k] = 0.5 * Math.pow(2, (double) k / n);
            }
        }
    }

    private BucketBounds() {
    }

    /** Whether {@code schema} is one of the exponential schemas, -4 to 8. */
    public static boolean isExponentialSchema(int schema) {
        return schema >= MIN_EXPONENTIAL_SCHEMA && schema <= MAX_EXPONENTIAL_SCHEMA;
    }

    /**
     * The upper bound of positive bucket {@code index} in exponential {@code schema} (equally the
     * lower bound of bucket {@code index + 1}). Schemas above 8 are treated as 8 would not be:
     * the caller passes a valid exponential schema.
     */
    public static double exponential(int index, int schema) {
        if (schema < 0) {
            long exp = (long) index << -schema;
            if (exp == 1024) {
                return Double.MAX_VALUE;
            }
            return Math.scalb(1.0, (int) Math.max(Math.min(exp, 2000), -2000));
        }
        double fraction = FRACTIONS[schema][index & ((1 << schema) - 1)];
        int exp = (index >> schema) + 1;
        if (fraction == 0.5 && exp == 1025) {
            return Double.MAX_VALUE;
        }
        return Math.scalb(fraction, exp);
    }

    /** The upper bound of custom bucket {@code index}: -Inf below the first, +Inf from the last on. */
    public static double custom(int index, double[] bounds) {
        if (index < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (index >= bounds.length) {
            return Double.POSITIVE_INFINITY;
        }
        return bounds[index];
    }

    /** The upper bound of positive bucket {@code index} of a histogram with this schema and custom bounds. */
    public static double upper(int index, int schema, double[] customBounds) {
        return schema == Histogram.CUSTOM_BUCKETS_SCHEMA ? custom(index, customBounds) : exponential(index, schema);
    }

    /** The bucket index in {@code targetSchema} (coarser or equal) that bucket {@code index} of {@code schema} merges into. */
    public static int reducedIndex(int index, int schema, int targetSchema) {
        return ((index - 1) >> (schema - targetSchema)) + 1;
    }
}
