package dev.panoptes.metrics.promql.parser;

/**
 * A duration expression: the arithmetic PromQL allows in a range ({@code [5m+1m]}), a subquery
 * range or step ({@code [1h:step()*2]}) and an offset ({@code offset (1m*2)}). Values are in
 * seconds, as PromQL numbers are; a duration literal such as {@code 5m} is 300 seconds. Because
 * {@code step()} and {@code range()} depend on the query, the tree is kept and evaluated per query
 * with {@link #evaluateMillis(long, long)}. Immutable; every node is a record.
 *
 * <p>A plain literal ({@code [5m]}, {@code offset -1h}) never becomes a {@code DurationExpr}: the
 * parser stores it in the owning record's millisecond field, so only written arithmetic,
 * parentheses or query-dependent terms reach this type.
 */
public sealed interface DurationExpr {

    /** The largest magnitude in seconds a duration may have (a signed 64-bit nanosecond count). */
    double MAX_SECONDS = 9.223372036854775807e9;

    /**
     * The value in seconds for a query with that step and range (both in seconds; an instant
     * query has step 0 and range 0, as in Prometheus).
     *
     * @throws InvalidDuration on division or modulo by zero
     */
    double evaluateSeconds(double stepSeconds, double rangeSeconds);

    /** True when the value does not depend on the query (no {@code step()} or {@code range()}). */
    boolean isConstant();

    /**
     * The value in milliseconds, truncated toward zero, for a query with that step and range in
     * milliseconds. Use {@link #evaluatePositiveMillis} for ranges and steps, which must be
     * positive.
     *
     * @throws InvalidDuration when the value is NaN, infinite or out of range, or divides by zero
     */
    default long evaluateMillis(long queryStepMillis, long queryRangeMillis) {
        double seconds = evaluateSeconds(queryStepMillis / 1000.0, queryRangeMillis / 1000.0);
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw new InvalidDuration("duration is NaN or infinite", this);
        }
        if (Math.abs(seconds) > MAX_SECONDS) {
            throw new InvalidDuration("duration is out of range", this);
        }
        return (long) (seconds * 1000);
    }

    /**
     * As {@link #evaluateMillis}, for a range or a subquery step.
     *
     * @throws InvalidDuration also when the value is not greater than 0
     */
    default long evaluatePositiveMillis(long queryStepMillis, long queryRangeMillis) {
        double seconds = evaluateSeconds(queryStepMillis / 1000.0, queryRangeMillis / 1000.0);
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            throw new InvalidDuration("duration is NaN or infinite", this);
        }
        if (seconds <= 0) {
            throw new InvalidDuration("duration must be greater than 0", this);
        }
        if (seconds > MAX_SECONDS) {
            throw new InvalidDuration("duration is out of range", this);
        }
        return (long) (seconds * 1000);
    }

    /**
     * A duration expression that cannot be evaluated for this query (the message is Prometheus'
     * wording, such as {@code duration must be greater than 0}); the query is bad input. {@link
     * #node()} is the sub-expression at fault, whose position {@link ParsedQuery#describe} adds as
     * Prometheus does.
     */
    final class InvalidDuration extends RuntimeException {
        private final transient DurationExpr node;

        public InvalidDuration(String message, DurationExpr node) {
            super(message);
            this.node = node;
        }

        /** The expression the error is about. */
        public DurationExpr node() {
            return node;
        }
    }

    /** The binary operators of duration arithmetic. */
    enum Op {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /**
     * A number ({@code 30}, seconds) or a duration literal ({@code 5m}); {@code duration} says
     * which, for printing. A leading sign is folded into the value.
     */
    record Literal(double seconds, boolean duration) implements DurationExpr {
        public double evaluateSeconds(double stepSeconds, double rangeSeconds) {
            return seconds;
        }

        public boolean isConstant() {
            return true;
        }
    }

    /** A negated expression {@code -x} (a unary plus leaves the expression as it is). */
    record Negate(DurationExpr operand) implements DurationExpr {
        public double evaluateSeconds(double stepSeconds, double rangeSeconds) {
            return -operand.evaluateSeconds(stepSeconds, rangeSeconds);
        }

        public boolean isConstant() {
            return operand.isConstant();
        }
    }

    /** {@code lhs op rhs}. */
    record Binary(Op op, DurationExpr lhs, DurationExpr rhs) implements DurationExpr {
        public double evaluateSeconds(double stepSeconds, double rangeSeconds) {
            double l = lhs.evaluateSeconds(stepSeconds, rangeSeconds);
            double r = rhs.evaluateSeconds(stepSeconds, rangeSeconds);
            return switch (op) {
                case ADD -> l + r;
                case SUB -> l - r;
                case MUL -> l * r;
                case DIV -> {
                    if (r == 0) {
                        throw new InvalidDuration("division by zero", this);
                    }
                    yield l / r;
                }
                case MOD -> {
                    if (r == 0) {
                        throw new InvalidDuration("modulo by zero", this);
                    }
                    // Java's % on doubles is C's fmod, as Go's math.Mod: the sign follows the dividend.
                    yield l % r;
                }
                case POW -> Math.pow(l, r);
            };
        }

        public boolean isConstant() {
            return lhs.isConstant() && rhs.isConstant();
        }
    }

    /** {@code step()}: the query's step, 0 for an instant query. */
    record Step() implements DurationExpr {
        public double evaluateSeconds(double stepSeconds, double rangeSeconds) {
            return stepSeconds;
        }

        public boolean isConstant() {
            return false;
        }
    }

    /** {@code range()}: the query's end minus its start, 0 for an instant query. */
    record Range() implements DurationExpr {
        public double evaluateSeconds(double stepSeconds, double rangeSeconds) {
            return rangeSeconds;
        }

        public boolean isConstant() {
            return false;
        }
    }

    /** {@code min_of(a, b)} or, when {@code max}, {@code max_of(a, b)}; NaN in either gives NaN. */
    record Extremum(boolean max, DurationExpr first, DurationExpr second) implements DurationExpr {
        public double evaluateSeconds(double stepSeconds, double rangeSeconds) {
            double a = first.evaluateSeconds(stepSeconds, rangeSeconds);
            double b = second.evaluateSeconds(stepSeconds, rangeSeconds);
            return max ? Math.max(a, b) : Math.min(a, b);
        }

        public boolean isConstant() {
            return first.isConstant() && second.isConstant();
        }
    }

    /** An expression in parentheses, kept so that printing preserves the user's grouping. */
    record Paren(DurationExpr inner) implements DurationExpr {
        public double evaluateSeconds(double stepSeconds, double rangeSeconds) {
            return inner.evaluateSeconds(stepSeconds, rangeSeconds);
        }

        public boolean isConstant() {
            return inner.isConstant();
        }
    }
}
