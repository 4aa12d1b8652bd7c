package dev.panoptes.metrics.promql;

import dev.panoptes.metrics.promql.parser.Expr;

/**
 * The offsets, ranges and steps of selectors and subqueries in milliseconds, for this query.
 * One place, so that durations written as expressions (which may depend on the query's step and
 * range) resolve alike everywhere.
 */
final class Offsets {

    private Offsets() {
    }

    static long of(Expr.VectorSelector vs, Evaluation ev) {
        return vs.offsetMillis();
    }

    static long of(Expr.Subquery sq, Evaluation ev) {
        return sq.offsetMillis();
    }

    static long range(Expr.MatrixSelector ms, Evaluation ev) {
        return ms.rangeMillis();
    }

    static long range(Expr.Subquery sq, Evaluation ev) {
        return sq.rangeMillis();
    }

    static long step(Expr.Subquery sq, Evaluation ev) {
        return sq.stepMillis();
    }
}
