package dev.panoptes.metrics.promql.parser;

import dev.panoptes.metrics.promql.parser.Expr.Binary;
import java.util.List;

/**
 * The type rules of binary operations, with Prometheus' messages, in Prometheus' order and at its
 * positions: modifier misuse at the operator, a side of the wrong type at that side, the rest at
 * the start of the whole expression.
 */
final class BinaryChecks {

    private BinaryChecks() {
    }

    /** The starts (character indexes) of the operator and of both sides, for error positions. */
    record Positions(int operator, int lhs, int rhs) {
    }

    static Binary check(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool,
            Positions at, StringEscapes.ErrorFactory errors) {
        ExprType lt = lhs.type();
        ExprType rt = rhs.type();
        if (returnBool && !op.isComparison()) {
            throw errors.at(at.operator(), "bool modifier can only be used on comparison operators");
        }
        boolean bothScalar = lt == ExprType.SCALAR && rt == ExprType.SCALAR;
        if (op.isComparison() && bothScalar && !returnBool) {
            throw errors.at(at.operator(), "comparisons between scalars must use BOOL modifier");
        }
        if (matching != null && matching.on()) {
            for (String l : matching.include()) {
                if (matching.labels().contains(l)) {
                    throw errors.at(at.operator(), "label \"" + l + "\" must not occur in ON and GROUP clause at once");
                }
            }
        }
        if (lt != ExprType.SCALAR && lt != ExprType.VECTOR) {
            throw errors.at(at.lhs(), "binary expression must contain only scalar and instant vector types");
        }
        if (rt != ExprType.SCALAR && rt != ExprType.VECTOR) {
            throw errors.at(at.rhs(), "binary expression must contain only scalar and instant vector types");
        }
        boolean bothVectors = lt == ExprType.VECTOR && rt == ExprType.VECTOR;
        if (matching != null && !bothVectors) {
            if (!matching.labels().isEmpty()) {
                throw errors.at(at.lhs(), "vector matching only allowed between instant vectors");
            }
            if (matching.hasFill()) {
                throw errors.at(at.lhs(), "filling in missing series only allowed between instant vectors");
            }
            matching = null;
        } else if (matching != null && op.isSetOperator()) {
            if (matching.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE
                    || matching.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY) {
                throw errors.at(at.lhs(), "no grouping allowed for \"" + op.symbol() + "\" operation");
            }
            if (matching.hasFill()) {
                throw errors.at(at.lhs(), "filling in missing series not allowed for set operators");
            }
        }
        if (op.isSetOperator() && (lt == ExprType.SCALAR || rt == ExprType.SCALAR)) {
            throw errors.at(at.lhs(), "set operator \"" + op.symbol() + "\" not allowed in binary scalar expression");
        }
        if (bothVectors && matching == null) {
            matching = new VectorMatching(VectorMatching.Cardinality.ONE_TO_ONE, List.of(), false, List.of());
        }
        return new Binary(op, lhs, rhs, matching, returnBool);
    }
}
