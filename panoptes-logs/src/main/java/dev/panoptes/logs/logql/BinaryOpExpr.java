package dev.panoptes.logs.logql;

import java.util.List;

/**
 * A binary operation between two metric expressions, such as {@code a / on (app) group_left b}
 * or {@code a > bool 10}: arithmetic, comparison, or set operation, with Prometheus' vector
 * matching rules.
 *
 * <p>Invariants the parser checks: {@code returnBool} only on a comparison; neither side of a set
 * operation ({@code and}, {@code or}, {@code unless}) is a {@link LiteralExpr}. Both sides may be
 * literals ({@code 1 + 1}); Loki folds such an operation into one number at parse time, and an
 * evaluator computes it as a scalar (a comparison then yields 1 or 0).
 *
 * @param op the operator
 * @param left the left operand
 * @param right the right operand
 * @param returnBool whether a comparison returns 0 or 1 instead of filtering ({@code bool})
 * @param matching the {@code on}/{@code ignoring} and {@code group_left}/{@code group_right} clause, or null when absent
 *     (then series match on all their labels, one to one)
 */
public record BinaryOpExpr(Op op, MetricExpr left, MetricExpr right, boolean returnBool, VectorMatching matching)
        implements MetricExpr {

    /** The binary operators with their precedence (higher binds tighter), as in Loki and Prometheus. */
    public enum Op {
        OR("or", 1), AND("and", 2), UNLESS("unless", 2),
        EQ("==", 3), NEQ("!=", 3), GT(">", 3), GTE(">=", 3), LT("<", 3), LTE("<=", 3),
        ADD("+", 4), SUB("-", 4),
        MUL("*", 5), DIV("/", 5), MOD("%", 5),
        POW("^", 6);

        private final String symbol;
        private final int precedence;

        Op(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        public String symbol() {
            return symbol;
        }

        /** 1 (or) to 6 (^); operators of equal precedence group left to right, except {@code ^}. */
        public int precedence() {
            return precedence;
        }

        public boolean isComparison() {
            return precedence == 3;
        }

        /** {@code and}, {@code or}, {@code unless}: operations on the sets of series, not on values. */
        public boolean isSetOperation() {
            return precedence <= 2;
        }

        public boolean isRightAssociative() {
            return this == POW;
        }
    }

    /** Which side may have several series matching one series of the other. */
    public enum Cardinality {
        ONE_TO_ONE(""), MANY_TO_ONE("group_left"), ONE_TO_MANY("group_right");

        private final String keyword;

        Cardinality(String keyword) {
            this.keyword = keyword;
        }

        /** {@code group_left} or {@code group_right}; empty for one-to-one. */
        public String keyword() {
            return keyword;
        }
    }

    /**
     * How the series of the two sides are paired.
     *
     * @param on true for {@code on (labels)} (match on these labels only), false for {@code ignoring (labels)}
     *     (match on all labels but these)
     * @param labels the {@code on}/{@code ignoring} label names, possibly empty
     * @param cardinality one-to-one, or the side given by {@code group_left}/{@code group_right}
     * @param include the labels copied from the "one" side by {@code group_left (...)}; empty for one-to-one
     */
    public record VectorMatching(boolean on, List<String> labels, Cardinality cardinality, List<String> include) {

        public VectorMatching {
            labels = List.copyOf(labels);
            include = List.copyOf(include);
            if (cardinality == Cardinality.ONE_TO_ONE && !include.isEmpty()) {
                throw new IllegalArgumentException("included labels need group_left or group_right");
            }
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(on ? "on (" : "ignoring (").append(String.join(", ", labels)).append(')');
            if (cardinality != Cardinality.ONE_TO_ONE) {
                out.append(' ').append(cardinality.keyword());
                if (!include.isEmpty()) {
                    out.append(" (").append(String.join(", ", include)).append(')');
                }
            }
            return out.toString();
        }
    }

    /**
     * Printed with the parentheses precedence and associativity need and no others, so that long
     * chains print as flat as they were written (and parse back within the nesting limit).
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        appendOperand(out, left, false).append(' ').append(op.symbol());
        if (returnBool) {
            out.append(" bool");
        }
        if (matching != null) {
            out.append(' ').append(matching);
        }
        return appendOperand(out.append(' '), right, true).toString();
    }

    private StringBuilder appendOperand(StringBuilder out, MetricExpr operand, boolean isRight) {
        boolean parenthesize = operand instanceof BinaryOpExpr inner
                && (inner.op.precedence < op.precedence
                        || (inner.op.precedence == op.precedence && isRight != op.isRightAssociative()));
        return parenthesize ? out.append('(').append(operand).append(')') : out.append(operand);
    }
}
