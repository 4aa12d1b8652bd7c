package dev.panoptes.logs.logql;

/**
 * A metric query: an expression whose value is samples (a vector of series, or a single number).
 * {@link RangeAggregationExpr} turns log lines into samples; the other kinds combine samples.
 */
public sealed interface MetricExpr extends LogQLExpr
        permits RangeAggregationExpr, VectorAggregationExpr, BinaryOpExpr, LiteralExpr, VectorExpr, LabelReplaceExpr {
}
