package dev.panoptes.metrics.promql.parser;

import dev.panoptes.metrics.promql.parser.Expr.Binary;

/** The type rules of binary operations, with Prometheus' messages. */
final class BinaryChecks {

    private BinaryChecks() {
    }

    static Binary check(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool,
            Token opToken, int start, StringEscapes.ErrorFactory errors) {
        int at = opToken.start();
        ExprType lt = lhs.type();
        ExprType rt = rhs.type();
        if ((lt != ExprType.SCALAR && lt != ExprType.VECTOR) || (rt != ExprType.SCALAR && rt != ExprType.VECTOR)) {
            throw errors.at(at, "binary expression must contain only scalar and instant vector types");
        }
        if (returnBool && !op.isComparison()) {
            throw errors.at(at, "bool modifier can only be used on comparison operators");
        }
        boolean bothScalar = lt == ExprType.SCALAR && rt == ExprType.SCALAR;
        if (op.isComparison() && bothScalar && !returnBool) {
            throw errors.at(at, "comparisons between scalars must use BOOL modifier");
        }
        if (op.isSetOperator() && (lt == ExprType.SCALAR || rt == ExprType.SCALAR)) {
            throw errors.at(at, "set operator \"" + op.symbol() + "\" not allowed in binary scalar expression");
        }
        boolean bothVectors = lt == ExprType.VECTOR && rt == ExprType.VECTOR;
        if (matching != null && matching.hasFill()) {
            if (!bothVectors) {
                throw errors.at(start, "filling in missing series only allowed between instant vectors");
            }
            if (op.isSetOperator()) {
                throw errors.at(start, "filling in missing series not allowed for set operators");
            }
        }
        if (matching != null && !bothVectors) {
            if (!(matching.labels().isEmpty() && !matching.on()
                    && matching.cardinality() != VectorMatching.Cardinality.MANY_TO_ONE
                    && matching.cardinality() != VectorMatching.Cardinality.ONE_TO_MANY)) {
                throw errors.at(at, "vector matching only allowed between instant vectors");
            }
            matching = null;
        }
        if (bothVectors && matching == null) {
            matching = new VectorMatching(VectorMatching.Cardinality.ONE_TO_ONE,
                    java.util.List.of(), false, java.util.List.of());
        }
        if (matching != null && matching.on()) {
            for (String l : matching.include()) {
                if (matching.labels().contains(l)) {
                    throw errors.at(at, "label \"" + l + "\" must not occur in ON and GROUP clause at once");
                }
            }
        }
        return new Binary(op, lhs, rhs, matching, returnBool);
    }
}
