package dev.panoptes.metrics.promql.parser;

import dev.panoptes.metrics.promql.parser.Expr.MatrixSelector;
import dev.panoptes.metrics.promql.parser.Expr.Subquery;
import dev.panoptes.metrics.promql.parser.Expr.VectorSelector;

/** Applies {@code offset} and {@code @} to the expressions that accept them. */
final class Modifiers {

    private Modifiers() {
    }

    static Expr withOffset(Expr e, long offset, Token at, StringEscapes.ErrorFactory errors) {
        return switch (e) {
            case VectorSelector vs -> {
                if (vs.offsetMillis() != 0) {
                    throw errors.at(at.start(), "offset may not be set multiple times");
                }
                yield new VectorSelector(vs.metricName(), vs.matchers(), offset, vs.at());
            }
            case MatrixSelector ms -> new MatrixSelector(
                    (VectorSelector) withOffset(ms.selector(), offset, at, errors), ms.rangeMillis());
            case Subquery sq -> {
                if (sq.offsetMillis() != 0) {
                    throw errors.at(at.start(), "offset may not be set multiple times");
                }
                yield new Subquery(sq.expr(), sq.rangeMillis(), sq.stepMillis(), offset, sq.at());
            }
            default -> throw errors.at(at.start(),
                    "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        };
    }

    static Expr withAt(Expr e, At value, Token at, StringEscapes.ErrorFactory errors) {
        return switch (e) {
            case VectorSelector vs -> {
                if (vs.at() != null) {
                    throw errors.at(at.start(), "@ <timestamp> may not be set multiple times");
                }
                yield new VectorSelector(vs.metricName(), vs.matchers(), vs.offsetMillis(), value);
            }
            case MatrixSelector ms -> new MatrixSelector(
                    (VectorSelector) withAt(ms.selector(), value, at, errors), ms.rangeMillis());
            case Subquery sq -> {
                if (sq.at() != null) {
                    throw errors.at(at.start(), "@ <timestamp> may not be set multiple times");
                }
                yield new Subquery(sq.expr(), sq.rangeMillis(), sq.stepMillis(), sq.offsetMillis(), value);
            }
            default -> throw errors.at(at.start(),
                    "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
        };
    }
}
