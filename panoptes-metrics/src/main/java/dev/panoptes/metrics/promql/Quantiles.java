package dev.panoptes.metrics.promql;

import java.util.Arrays;

/**
 * The φ-quantile of a set of floats as PromQL computes it for {@code quantile} and {@code
 * quantile_over_time}: linear interpolation between the closest ranks, {@code -Inf} below 0,
 * {@code +Inf} above 1, NaN for NaN.
 */
final class Quantiles {

    private Quantiles() {
    }

    /** Sorts the first {@code n} values in place and returns their {@code q}-quantile. */
    static double quantile(double q, double[] values, int n) {
        if (n == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortNaNFirst(values, n);
        double rank = q * (n - 1);
        int lower = (int) Math.max(0, Math.floor(rank));
        int upper = (int) Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return values[lower] * (1 - weight) + values[upper] * weight;
    }

    /** Ascending, NaNs first: the order PromQL's quantile sorts in. */
    static void sortNaNFirst(double[] values, int n) {
        Arrays.sort(values, 0, n);
        int nan = 0;
        while (nan < n && Double.isNaN(values[n - 1 - nan])) {
            nan++;
        }
        if (nan > 0 && nan < n) {
            System.arraycopy(values, 0, values, nan, n - nan);
            Arrays.fill(values, 0, nan, Double.NaN);
        }
    }
}
