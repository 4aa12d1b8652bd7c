package dev.panoptes.core.histogram;

import java.util.Locale;

/**
 * The consistency checks a stored or computed histogram must pass, with the error texts that
 * Prometheus-compatible clients see. Each check throws {@link IllegalArgumentException}.
 */
final class HistogramValidation {

    static final String NEGATIVE_BUCKET_COUNT = "histogram has a bucket whose observation count is negative";
    static final String NEGATIVE_COUNT = "histogram's observation count is negative";
    static final String NEGATIVE_OFFSET = "histogram has a span whose offset is negative";
    static final String SPANS_BUCKETS_MISMATCH = "histogram spans specify different number of buckets than provided";
    static final String CUSTOM_BOUNDS_TOO_FEW = "histogram custom bounds are too few";
    static final String CUSTOM_BOUNDS_NOT_INCREASING = "histogram custom bounds must be in strictly increasing order";
    static final String CUSTOM_BOUNDS_INFINITE = "histogram custom bounds must be finite";
    static final String CUSTOM_BOUNDS_NAN = "histogram custom bounds must not be NaN";
    static final String COUNT_NOT_BIG_ENOUGH =
            "histogram's observation count should be at least the number of observations found in the buckets";
    static final String COUNT_MISMATCH =
            "histogram's observation count should equal the number of observations found in the buckets (in absence of NaN)";

    private HistogramValidation() {
    }

    /**
     * Checks the layout common to both kinds: schema, spans against bucket counts, custom bounds,
     * no zero bucket or negative side with custom buckets, no custom bounds otherwise.
     */
    static void checkLayout(int schema, Span[] positiveSpans, int positiveBuckets, Span[] negativeSpans, int negativeBuckets,
            double[] customValues, double zeroThreshold, boolean zeroCountIsZero) {
        if (schema == Histogram.CUSTOM_BUCKETS_SCHEMA) {
            checkCustomBounds(customValues, positiveSpans, positiveBuckets);
            if (!zeroCountIsZero) {
                fail("custom buckets: must have zero count of 0");
            }
            if (zeroThreshold != 0) {
                fail("custom buckets: must have zero threshold of 0");
            }
            if (negativeSpans.length > 0) {
                fail("custom buckets: must not have negative spans");
            }
            if (negativeBuckets > 0) {
                fail("custom buckets: must not have negative buckets");
            }
        } else if (BucketBounds.isExponentialSchema(schema)) {
            checkSpans("positive side: ", positiveSpans, positiveBuckets);
            checkSpans("negative side: ", negativeSpans, negativeBuckets);
            if (customValues.length > 0) {
                fail("histogram with exponential schema must not have custom bounds");
            }
        } else {
            fail("histogram has an invalid schema, which must be between " + BucketBounds.MIN_EXPONENTIAL_SCHEMA + " and "
                    + BucketBounds.MAX_EXPONENTIAL_SCHEMA + " for exponential buckets, or " + Histogram.CUSTOM_BUCKETS_SCHEMA
                    + " for custom buckets, got schema " + schema);
        }
    }

    private static void checkSpans(String side, Span[] spans, int buckets) {
        long needed = 0;
        for (int n = 0; n < spans.length; n++) {
            if (n > 0 && spans[n].offset() < 0) {
                fail(side + "span number " + (n + 1) + " with offset " + spans[n].offset() + ": " + NEGATIVE_OFFSET);
            }
            needed += spans[n].length();
        }
        if (needed != buckets) {
            fail(side + "spans need " + needed + " buckets, have " + buckets + " buckets: " + SPANS_BUCKETS_MISMATCH);
        }
    }

    private static void checkCustomBounds(double[] bounds, Span[] spans, int buckets) {
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < bounds.length; i++) {
            double current = bounds[i];
            if (Double.isNaN(current)) {
                fail("custom buckets: " + CUSTOM_BOUNDS_NAN);
            }
            if (i > 0 && current <= previous) {
                fail(String.format(Locale.ROOT, "custom buckets: previous bound is %f and current is %f: %s", previous, current,
                        CUSTOM_BOUNDS_NOT_INCREASING));
            }
            previous = current;
        }
        if (previous == Double.POSITIVE_INFINITY) {
            fail("custom buckets: last +Inf bound must not be explicitly defined: " + CUSTOM_BOUNDS_INFINITE);
        }
        long needed = 0;
        long covered = 0;
        for (int n = 0; n < spans.length; n++) {
            if (spans[n].offset() < 0) {
                fail("custom buckets: span number " + (n + 1) + " with offset " + spans[n].offset() + ": " + NEGATIVE_OFFSET);
            }
            needed += spans[n].length();
            covered += (long) spans[n].length() + spans[n].offset();
        }
        if (needed != buckets) {
            fail("custom buckets: spans need " + needed + " buckets, have " + buckets + " buckets: " + SPANS_BUCKETS_MISMATCH);
        }
        if (bounds.length + 1 < covered) {
            fail("custom buckets: only " + bounds.length + " custom bounds defined which is insufficient to cover total span length of "
                    + covered + ": " + CUSTOM_BOUNDS_TOO_FEW);
        }
    }

    /** Checks that no count is negative; returns their sum. */
    static double checkCounts(String side, double[] counts) {
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                fail(side + "bucket number " + (i + 1) + " has observation count of " + number(counts[i]) + ": "
                        + NEGATIVE_BUCKET_COUNT);
            }
            sum += counts[i];
        }
        return sum;
    }

    /** Checks delta-encoded counts: no absolute count may be negative; returns their sum. */
    static long checkDeltaCounts(String side, long[] deltas) {
        long current = 0;
        long sum = 0;
        for (int i = 0; i < deltas.length; i++) {
            current += deltas[i];
            if (current < 0) {
                fail(side + "bucket number " + (i + 1) + " has observation count of " + current + ": " + NEGATIVE_BUCKET_COUNT);
            }
            sum += current;
        }
        return sum;
    }

    /** A count as Go's {@code %v} prints it: integral values without a fraction. */
    static String number(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e21) {
            return Long.toString((long) v);
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(v);
    }

    static void fail(String message) {
        throw new IllegalArgumentException(message);
    }
}
