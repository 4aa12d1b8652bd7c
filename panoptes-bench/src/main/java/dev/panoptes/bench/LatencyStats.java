package dev.panoptes.bench;

import java.util.Arrays;

/** Order statistics of measured latencies, and the geometric mean used to sum a table up in one figure. */
final class LatencyStats {

    private LatencyStats() {
    }

    /**
     * The {@code q}-quantile (0 to 1) of {@code values}, linearly interpolated between the two
     * nearest ranks; the median of an even count is the mean of the middle two.
     */
    static double quantile(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be between 0 and 1: " + q);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The geometric mean of positive values. */
    static double geometricMean(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double logSum = 0;
        for (double v : values) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("geometric mean needs positive values: " + v);
            }
            logSum += Math.log(v);
        }
        return Math.exp(logSum / values.length);
    }
}
