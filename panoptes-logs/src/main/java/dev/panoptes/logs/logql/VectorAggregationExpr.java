package dev.panoptes.logs.logql;

import java.util.Locale;

/**
 * A vector aggregation such as {@code sum by (app) (rate(...))} or {@code topk(5, ...)}: at each
 * step, aggregates the samples of {@code inner} into groups chosen by {@code grouping}.
 *
 * <p>Invariants the parser checks, as Loki does: {@code parameter} is positive for
 * {@link Op#TOPK}, {@link Op#BOTTOMK} and {@link Op#APPROX_TOPK} and 0 for the others;
 * {@code sort} and {@code sort_desc} have no grouping labels; {@code approx_topk} has no grouping clause.
 *
 * @param op the aggregation
 * @param inner the aggregated expression
 * @param parameter k of topk, bottomk and approx_topk; 0 for other operations
 * @param grouping the {@code by}/{@code without} clause; {@link Grouping#NONE} ({@code by ()}) when the query has none,
 *     which aggregates everything into one series (sort and sort_desc keep every series whatever it says)
 */
public record VectorAggregationExpr(Op op, MetricExpr inner, int parameter, Grouping grouping) implements MetricExpr {

    /** The vector aggregation operators of Loki 3. */
    public enum Op {
        SUM, AVG, MIN, MAX, COUNT, STDDEV, STDVAR, TOPK, BOTTOMK, SORT, SORT_DESC, APPROX_TOPK;

        /** The operator as written in a query, such as {@code sort_desc}. */
        public String function() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the operator takes k as its first argument. */
        public boolean takesParameter() {
            return this == TOPK || this == BOTTOMK || this == APPROX_TOPK;
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(op.function());
        if (!grouping.equals(Grouping.NONE)) {
            out.append(' ').append(grouping).append(' ');
        }
        out.append('(');
        if (op.takesParameter()) {
            out.append(parameter).append(", ");
        }
        return out.append(inner).append(')').toString();
    }
}
