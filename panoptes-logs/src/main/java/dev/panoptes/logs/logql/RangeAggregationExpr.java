package dev.panoptes.logs.logql;

import java.util.Locale;

/**
 * A range aggregation such as {@code rate({app="api"}[5m])} or
 * {@code quantile_over_time(0.99, {app="api"} | unwrap latency [5m]) by (route)}: at each step,
 * one sample per series computed from the lines (or unwrapped values) in the window.
 *
 * <p>Invariants the parser checks, as Loki does: {@link Op#requiresUnwrap} operations have an
 * unwrap and {@link Op#allowsUnwrap} is false for the others with one; {@code parameter} is set
 * exactly for {@link Op#QUANTILE_OVER_TIME}; {@code grouping} only for {@link Op#allowsGrouping}.
 *
 * @param op the aggregation
 * @param range the log query, window, offset and unwrap
 * @param parameter the quantile (for example 0.99) of {@code quantile_over_time}, null for other operations
 * @param grouping the {@code by}/{@code without} clause written after the parentheses, or null when absent
 *     (then every series keeps all its labels)
 */
public record RangeAggregationExpr(Op op, LogRange range, Double parameter, Grouping grouping) implements MetricExpr {

    /** The range aggregation functions of Loki 3. */
    public enum Op {
        COUNT_OVER_TIME(false, false, false),
        RATE(false, true, false),
        RATE_COUNTER(true, true, false),
        BYTES_OVER_TIME(false, false, false),
        BYTES_RATE(false, false, false),
        ABSENT_OVER_TIME(false, true, false),
        SUM_OVER_TIME(true, true, false),
        AVG_OVER_TIME(true, true, true),
        MIN_OVER_TIME(true, true, true),
        MAX_OVER_TIME(true, true, true),
        STDDEV_OVER_TIME(true, true, true),
        STDVAR_OVER_TIME(true, true, true),
        QUANTILE_OVER_TIME(true, true, true),
        FIRST_OVER_TIME(true, true, true),
        LAST_OVER_TIME(true, true, true);

        private final boolean requiresUnwrap;
        private final boolean allowsUnwrap;
        private final boolean allowsGrouping;

        Op(boolean requiresUnwrap, boolean allowsUnwrap, boolean allowsGrouping) {
            this.requiresUnwrap = requiresUnwrap;
            this.allowsUnwrap = allowsUnwrap;
            this.allowsGrouping = allowsGrouping;
        }

        /** The function name as written in a query, such as {@code count_over_time}. */
        public String function() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the operation aggregates unwrapped values and so needs {@code | unwrap}. */
        public boolean requiresUnwrap() {
            return requiresUnwrap;
        }

        /** Whether {@code | unwrap} may be given ({@code rate} and {@code absent_over_time} work both ways). */
        public boolean allowsUnwrap() {
            return allowsUnwrap;
        }

        /** Whether a {@code by}/{@code without} clause may follow. */
        public boolean allowsGrouping() {
            return allowsGrouping;
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(op.function()).append('(');
        if (parameter != null) {
            out.append(LogQLUnits.formatNumber(parameter)).append(", ");
        }
        out.append(range).append(')');
        if (grouping != null) {
            out.append(' ').append(grouping);
        }
        return out.toString();
    }
}
