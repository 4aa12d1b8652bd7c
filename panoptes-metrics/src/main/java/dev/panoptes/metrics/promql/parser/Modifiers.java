package dev.panoptes.metrics.promql.parser;

import dev.panoptes.metrics.promql.parser.Expr.MatrixSelector;
import dev.panoptes.metrics.promql.parser.Expr.Subquery;
import dev.panoptes.metrics.promql.parser.Expr.VectorSelector;

/**
 * Applies the postfix modifiers {@code offset}, {@code @}, {@code anchored} and {@code smoothed}
 * to the expressions that accept them, with Prometheus' messages. Errors point at the start of
 * the modified expression, as Prometheus' do.
 */
final class Modifiers {

    private Modifiers() {
    }

    static Expr withOffset(Expr e, DurationExprParser.Value offset, int start, StringEscapes.ErrorFactory errors) {
        return switch (e) {
            case VectorSelector vs -> {
                if (vs.offsetMillis() != 0 || vs.offsetExpr() != null) {
                    throw errors.at(start, "offset may not be set multiple times");
                }
                yield new VectorSelector(vs.metricName(), vs.matchers(), offset.millis(), vs.at(), offset.expr(),
                        vs.anchored(), vs.smoothed());
            }
            case MatrixSelector ms -> new MatrixSelector(
                    (VectorSelector) withOffset(ms.selector(), offset, start, errors), ms.rangeMillis(), ms.rangeExpr());
            case Subquery sq -> {
                if (sq.offsetMillis() != 0 || sq.offsetExpr() != null) {
                    throw errors.at(start, "offset may not be set multiple times");
                }
                yield new Subquery(sq.expr(), sq.rangeMillis(), sq.stepMillis(), offset.millis(), sq.at(),
                        sq.rangeExpr(), sq.stepExpr(), offset.expr());
            }
            default -> throw errors.at(start,
                    "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        };
    }

    static Expr withAt(Expr e, At value, int start, StringEscapes.ErrorFactory errors) {
        return switch (e) {
            case VectorSelector vs -> {
                if (vs.at() != null) {
                    throw errors.at(start, "@ <timestamp> may not be set multiple times");
                }
                yield new VectorSelector(vs.metricName(), vs.matchers(), vs.offsetMillis(), value, vs.offsetExpr(),
                        vs.anchored(), vs.smoothed());
            }
            case MatrixSelector ms -> new MatrixSelector(
                    (VectorSelector) withAt(ms.selector(), value, start, errors), ms.rangeMillis(), ms.rangeExpr());
            case Subquery sq -> {
                if (sq.at() != null) {
                    throw errors.at(start, "@ <timestamp> may not be set multiple times");
                }
                yield new Subquery(sq.expr(), sq.rangeMillis(), sq.stepMillis(), sq.offsetMillis(), value,
                        sq.rangeExpr(), sq.stepExpr(), sq.offsetExpr());
            }
            default -> throw errors.at(start,
                    "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        };
    }

    /** Sets {@code anchored} (or, when {@code smoothed}, that modifier) on a selector. */
    static Expr withExtendedRange(Expr e, boolean smoothed, int start, StringEscapes.ErrorFactory errors) {
        String name = smoothed ? "smoothed" : "anchored";
        return switch (e) {
            case VectorSelector vs -> {
                if (smoothed ? vs.anchored() : vs.smoothed()) {
                    throw errors.at(start, "anchored and smoothed modifiers cannot be used together");
                }
                yield new VectorSelector(vs.metricName(), vs.matchers(), vs.offsetMillis(), vs.at(), vs.offsetExpr(),
                        vs.anchored() || !smoothed, vs.smoothed() || smoothed);
            }
            case MatrixSelector ms -> new MatrixSelector(
                    (VectorSelector) withExtendedRange(ms.selector(), smoothed, start, errors),
                    ms.rangeMillis(), ms.rangeExpr());
            case Subquery sq -> throw errors.at(start, name + " modifier is not supported for subqueries");
            default -> throw errors.at(start, name + " modifier not implemented");
        };
    }
}
