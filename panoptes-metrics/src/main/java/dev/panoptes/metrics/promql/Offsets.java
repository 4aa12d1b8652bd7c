package dev.panoptes.metrics.promql;

import dev.panoptes.metrics.promql.parser.DurationExpr;
import dev.panoptes.metrics.promql.parser.Expr;

/**
 * The offsets, ranges and steps of selectors and subqueries in milliseconds, for this query.
 * One place, so that durations written as expressions ({@code [5m+1m]}, {@code offset step()},
 * which may depend on the query's step and range) resolve alike everywhere.
 */
final class Offsets {

    private Offsets() {
    }

    static long of(Expr.VectorSelector vs, Evaluation ev) {
        return vs.offsetExpr() == null ? vs.offsetMillis() : evaluate(vs.offsetExpr(), ev, false);
    }

    static long of(Expr.Subquery sq, Evaluation ev) {
        return sq.offsetExpr() == null ? sq.offsetMillis() : evaluate(sq.offsetExpr(), ev, false);
    }

    static long range(Expr.MatrixSelector ms, Evaluation ev) {
        return ms.rangeExpr() == null ? ms.rangeMillis() : evaluate(ms.rangeExpr(), ev, true);
    }

    static long range(Expr.Subquery sq, Evaluation ev) {
        return sq.rangeExpr() == null ? sq.rangeMillis() : evaluate(sq.rangeExpr(), ev, true);
    }

    static long step(Expr.Subquery sq, Evaluation ev) {
        return sq.stepExpr() == null ? sq.stepMillis() : evaluate(sq.stepExpr(), ev, true);
    }

    private static long evaluate(DurationExpr e, Evaluation ev, boolean positive) {
        try {
            return positive ? e.evaluatePositiveMillis(ev.queryStep, ev.queryEnd - ev.queryStart)
                    : e.evaluateMillis(ev.queryStep, ev.queryEnd - ev.queryStart);
        } catch (DurationExpr.InvalidDuration invalid) {
            throw new QueryException(ErrorType.BAD_DATA, invalid.getMessage());
        }
    }
}
