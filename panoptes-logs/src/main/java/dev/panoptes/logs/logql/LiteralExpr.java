package dev.panoptes.logs.logql;

/**
 * A number in a metric query, such as {@code 2} in {@code rate(...) * 2}: a scalar with no
 * labels, the same at every step.
 *
 * @param value finite (the parser refuses numbers out of a double's range)
 */
public record LiteralExpr(double value) implements MetricExpr {

    @Override
    public String toString() {
        return LogQLUnits.formatNumber(value);
    }
}
