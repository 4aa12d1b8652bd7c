package dev.panoptes.logs.logql;

/**
 * {@code vector(1)}: a vector of one series with no labels and {@code value} at every step,
 * commonly the right side of {@code or} to fill gaps.
 *
 * @param value finite
 */
public record VectorExpr(double value) implements MetricExpr {

    @Override
    public String toString() {
        return "vector(" + LogQLUnits.formatNumber(value) + ")";
    }
}
