package dev.panoptes.metrics.promql.parser;

/** The binary operators, with their precedence (higher binds tighter) as in Prometheus. */
public enum BinaryOp {
    OR("or", 1), AND("and", 2), UNLESS("unless", 2),
    EQL("==", 3), NEQ("!=", 3), LTE("<=", 3), LSS("<", 3), GTE(">=", 3), GTR(">", 3),
    /** {@code </}: trims a native histogram's buckets above the threshold (comparison precedence). */
    TRIM_UPPER("</", 3),
    /** {@code >/}: trims a native histogram's buckets below the threshold (comparison precedence). */
    TRIM_LOWER(">/", 3),
    ADD("+", 4), SUB("-", 4),
    MUL("*", 5), DIV("/", 5), MOD("%", 5), ATAN2("atan2", 5),
    POW("^", 6);

    private final String symbol;
    private final int precedence;

    BinaryOp(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    int precedence() {
        return precedence;
    }

    /** The six comparisons, which filter or, with {@code bool}, return 0 or 1; not the trim operators. */
    public boolean isComparison() {
        return precedence == 3 && this != TRIM_UPPER && this != TRIM_LOWER;
    }

    public boolean isSetOperator() {
        return precedence <= 2;
    }

    boolean isRightAssociative() {
        return this == POW;
    }

    /** The operator a token spells, or null. Keywords match case-insensitively. */
    static BinaryOp fromToken(Token t) {
        if (t.type() != TokenType.OPERATOR && t.type() != TokenType.IDENTIFIER) {
            return null;
        }
        for (BinaryOp op : values()) {
            if (op.symbol.equalsIgnoreCase(t.text())) {
                return op;
            }
        }
        return null;
    }
}
