package dev.panoptes.metrics.promql;

/**
 * A float as OpenMetrics writes it in a label ({@code quantile="0.5"}, {@code le="1.0"}): Go's
 * shortest {@code %g}, with {@code .0} added to integers, {@code +Inf}, {@code -Inf}, {@code NaN}.
 */
final class OpenMetricsFloat {

    private OpenMetricsFloat() {
    }

    static String format(double f) {
        if (f == 1) {
            return "1.0";
        }
        if (f == 0) {
            return "0.0";
        }
        if (f == -1) {
            return "-1.0";
        }
        String g = GoFormat.g(f);
        if (Double.isNaN(f) || Double.isInfinite(f) || g.contains("e") || g.contains(".")) {
            return g;
        }
        return g + ".0";
    }
}
