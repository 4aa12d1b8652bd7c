package dev.panoptes.metrics.promql;

import dev.panoptes.metrics.promql.parser.Expr;

/**
 * The time range a query reads from storage: the union, over every selector, of the samples it
 * may look at given the query's range, the selector's offset, range and {@code @}, the
 * subqueries around it, and the lookback. The querier is opened over it, so that storage skips
 * blocks the query cannot need.
 */
record TimeBounds(long mint, long maxt) {

    static TimeBounds of(Expr expr, Evaluation ev) {
        long[] bounds = {Long.MAX_VALUE, Long.MIN_VALUE};
        walk(expr, ev.queryStart, ev.queryEnd, ev, bounds);
        if (bounds[0] > bounds[1]) {
            return new TimeBounds(ev.queryStart, ev.queryEnd);
        }
        return new TimeBounds(bounds[0], bounds[1]);
    }

    private static void walk(Expr e, long start, long end, Evaluation ev, long[] bounds) {
        // Anchored and smoothed windows reach one lookback beyond the range on either side.
        long slack = 2 * ev.lookbackMillis();
        switch (e) {
            case Expr.VectorSelector vs -> {
                long at = ev.atTime(vs.at());
                long s = at == Long.MIN_VALUE ? start : at;
                long t = at == Long.MIN_VALUE ? end : at;
                include(bounds, s - Offsets.of(vs, ev) - slack, t - Offsets.of(vs, ev) + slack);
            }
            case Expr.MatrixSelector ms -> {
                long at = ev.atTime(ms.selector().at());
                long s = at == Long.MIN_VALUE ? start : at;
                long t = at == Long.MIN_VALUE ? end : at;
                long offset = Offsets.of(ms.selector(), ev);
                include(bounds, s - offset - Offsets.range(ms, ev) - slack, t - offset + slack);
            }
            case Expr.Subquery sq -> {
                long at = ev.atTime(sq.at());
                long s = at == Long.MIN_VALUE ? start : at;
                long t = at == Long.MIN_VALUE ? end : at;
                long offset = Offsets.of(sq, ev);
                walk(sq.expr(), s - offset - Offsets.range(sq, ev), t - offset, ev, bounds);
            }
            case Expr.Paren p -> walk(p.expr(), start, end, ev, bounds);
            case Expr.Unary u -> walk(u.expr(), start, end, ev, bounds);
            case Expr.Binary b -> {
                walk(b.lhs(), start, end, ev, bounds);
                walk(b.rhs(), start, end, ev, bounds);
            }
            case Expr.Aggregate a -> {
                walk(a.expr(), start, end, ev, bounds);
                if (a.param() != null) {
                    walk(a.param(), start, end, ev, bounds);
                }
            }
            case Expr.Call c -> {
                for (Expr arg : c.args()) {
                    walk(arg, start, end, ev, bounds);
                }
            }
            case Expr.NumberLiteral n -> {
            }
            case Expr.StringLiteral s -> {
            }
        }
    }

    private static void include(long[] bounds, long mint, long maxt) {
        bounds[0] = Math.min(bounds[0], mint);
        bounds[1] = Math.max(bounds[1], maxt);
    }
}
