package dev.panoptes.metrics.promql.parser;

import dev.panoptes.core.labels.LabelMatcher;
import java.util.List;

/**
 * A parsed PromQL expression. Immutable; every node is a record. {@link #toString()} is not the
 * PromQL text: use {@link Printer#print(Expr)} for that.
 */
public sealed interface Expr {

    /** The type of value the expression evaluates to. */
    ExprType type();

    /** A number literal such as {@code 1.5}, {@code 0x1f}, {@code Inf} or {@code NaN}. */
    record NumberLiteral(double value) implements Expr {
        public ExprType type() {
            return ExprType.SCALAR;
        }
    }

    /** A string literal, already unquoted. */
    record StringLiteral(String value) implements Expr {
        public ExprType type() {
            return ExprType.STRING;
        }
    }

    /**
     * An instant vector selector. {@code metricName} is null when the name is given only as a
     * matcher (or not at all); the matchers then include the {@code __name__} matcher.
     *
     * <p>{@code offsetExpr}, when not null, is the offset as written ({@code offset (1m*2)},
     * {@code offset step()}) and takes precedence over {@code offsetMillis}, which then holds its
     * value if it is constant (else 0). {@code anchored} and {@code smoothed} are the extended
     * range-selector modifiers; at most one is set. For a range selector they sit on its vector
     * selector, as the offset and {@code @} do.
     */
    record VectorSelector(String metricName, List<LabelMatcher> matchers, long offsetMillis, At at,
            DurationExpr offsetExpr, boolean anchored, boolean smoothed) implements Expr {
        public VectorSelector {
            matchers = List.copyOf(matchers);
        }

        /** A selector without duration expression or extended modifiers. */
        public VectorSelector(String metricName, List<LabelMatcher> matchers, long offsetMillis, At at) {
            this(metricName, matchers, offsetMillis, at, null, false, false);
        }

        public ExprType type() {
            return ExprType.VECTOR;
        }
    }

    /**
     * A range vector selector: {@code selector[range]}. {@code rangeExpr}, when not null, is the
     * range as written ({@code [5m+1m]}, {@code [step()]}) and takes precedence over {@code
     * rangeMillis}, which then holds its value if it is constant and positive (else 0).
     */
    record MatrixSelector(VectorSelector selector, long rangeMillis, DurationExpr rangeExpr) implements Expr {

        /** A range selector with a literal range. */
        public MatrixSelector(VectorSelector selector, long rangeMillis) {
            this(selector, rangeMillis, null);
        }

        /** The {@code anchored} modifier, kept on the vector selector. */
        public boolean anchored() {
            return selector.anchored();
        }

        /** The {@code smoothed} modifier, kept on the vector selector. */
        public boolean smoothed() {
            return selector.smoothed();
        }

        public ExprType type() {
            return ExprType.MATRIX;
        }
    }

    /**
     * A subquery {@code expr[range:step]}; {@code stepMillis} is 0 when the step is omitted. Each
     * of {@code rangeExpr}, {@code stepExpr} and {@code offsetExpr}, when not null, is that part
     * as written and takes precedence over the millisecond field, which then holds its value if it
     * is constant (and positive, for range and step), else 0.
     */
    record Subquery(Expr expr, long rangeMillis, long stepMillis, long offsetMillis, At at,
            DurationExpr rangeExpr, DurationExpr stepExpr, DurationExpr offsetExpr) implements Expr {

        /** A subquery whose range, step and offset are literals. */
        public Subquery(Expr expr, long rangeMillis, long stepMillis, long offsetMillis, At at) {
            this(expr, rangeMillis, stepMillis, offsetMillis, at, null, null, null);
        }

        public ExprType type() {
            return ExprType.MATRIX;
        }
    }

    /** An expression in parentheses, kept so that printing preserves the user's grouping. */
    record Paren(Expr expr) implements Expr {
        public ExprType type() {
            return expr.type();
        }
    }

    /** A unary {@code -expr} or {@code +expr}. */
    record Unary(boolean negate, Expr expr) implements Expr {
        public ExprType type() {
            return expr.type();
        }
    }

    /** A binary operation; {@code matching} is null unless both sides are instant vectors. */
    record Binary(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool)
            implements Expr {
        public ExprType type() {
            return lhs.type() == ExprType.SCALAR && rhs.type() == ExprType.SCALAR
                    ? ExprType.SCALAR : ExprType.VECTOR;
        }
    }

    /**
     * An aggregation. {@code param} is the first argument of {@code topk}, {@code quantile},
     * {@code count_values} and the like, otherwise null. {@code hasGrouping} tells {@code sum by
     * () (x)} from {@code sum(x)} for printing.
     */
    record Aggregate(AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without,
            boolean hasGrouping) implements Expr {
        public Aggregate {
            grouping = List.copyOf(grouping);
        }

        public ExprType type() {
            return ExprType.VECTOR;
        }
    }

    /** A function call. */
    record Call(Function function, List<Expr> args) implements Expr {
        public Call {
            args = List.copyOf(args);
        }

        public ExprType type() {
            return function.returnType();
        }
    }
}
