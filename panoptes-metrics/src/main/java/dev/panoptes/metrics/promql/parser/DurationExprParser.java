package dev.panoptes.metrics.promql.parser;

import dev.panoptes.metrics.promql.parser.DurationExpr.Binary;
import dev.panoptes.metrics.promql.parser.DurationExpr.Extremum;
import dev.panoptes.metrics.promql.parser.DurationExpr.Literal;
import dev.panoptes.metrics.promql.parser.DurationExpr.Negate;
import dev.panoptes.metrics.promql.parser.DurationExpr.Op;
import dev.panoptes.metrics.promql.parser.DurationExpr.Paren;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Parses the duration expressions of ranges, subquery steps and offsets, with Prometheus'
 * grammar: {@code + -} below {@code * / %} below right-associative {@code ^}; a unary sign binds
 * like {@code *}; {@code step()}, {@code range()}, {@code min_of(a, b)}, {@code max_of(a, b)} and
 * parentheses. A signed literal is folded into one {@link Literal}. Not thread-safe.
 *
 * <p>After {@code offset} only a single term is taken unless it starts with a parenthesis, so
 * {@code foo offset 1m * 2} multiplies the selector, while {@code foo offset (1m) * 2} multiplies
 * the offset, as in Prometheus.
 */
final class DurationExprParser {

    /** A parsed duration: a literal's milliseconds with {@code expr} null, or an expression. */
    record Value(long millis, DurationExpr expr) {
    }

    static final String RANGE_CONTEXT = "subquery or range selector";
    static final String RANGE_EXPECTED = "number, duration, step(), or range()";
    static final String STEP_CONTEXT = "subquery selector";
    static final String STEP_EXPECTED = "number, duration, step(), range(), or \"]\"";
    private static final String OFFSET_CONTEXT = "offset";

    /** Deeper than any real duration; low enough that the recursion never exhausts a thread stack. */
    private static final int MAX_DEPTH = 128;

    private final TokenStream in;
    /** Where each node starts and ends (character indexes), as Prometheus' position ranges do. */
    private final IdentityHashMap<DurationExpr, int[]> spans = new IdentityHashMap<>();
    private int depth;
    private String context = RANGE_CONTEXT;
    private String expected = RANGE_EXPECTED;

    DurationExprParser(TokenStream in) {
        this.in = in;
    }

    /** The spans recorded so far: start and end character index of every node built. */
    Map<DurationExpr, int[]> spans() {
        return spans;
    }

    private <T extends DurationExpr> T span(T node, int start, int end) {
        spans.put(node, new int[] {start, end});
        return node;
    }

    private int start(DurationExpr node) {
        return spans.get(node)[0];
    }

    private int end(DurationExpr node) {
        return spans.get(node)[1];
    }

    /** A range or subquery step: a literal must be greater than 0; an expression is checked when evaluated. */
    Value positive(String context, String expected) {
        this.context = context;
        this.expected = expected;
        Token start = in.peek();
        DurationExpr e = binary(1);
        if (e instanceof Literal l) {
            if (l.seconds() <= 0) {
                throw in.error(start, "duration must be greater than 0");
            }
            return new Value(Math.round(l.seconds() * 1000), null);
        }
        return new Value(constantMillis(e, true), e);
    }

    /** The duration after {@code offset}; it may be negative. */
    Value offset() {
        context = OFFSET_CONTEXT;
        expected = RANGE_EXPECTED;
        DurationExpr e;
        Token t = in.peek();
        if (t.isOperator("-") || t.isOperator("+")) {
            in.advance();
            DurationExpr term = term();
            e = signed(t, term);
        } else if (t.is(TokenType.LEFT_PAREN)) {
            e = continueBinary(term(), 1);
        } else {
            e = term();
        }
        if (e instanceof Literal l) {
            return new Value(Math.round(l.seconds() * 1000), null);
        }
        return new Value(constantMillis(e, false), e);
    }

    /** The value of a constant expression, 0 when it depends on the query or is invalid (then it fails when evaluated). */
    private static long constantMillis(DurationExpr e, boolean positive) {
        if (!e.isConstant()) {
            return 0;
        }
        try {
            return positive ? e.evaluatePositiveMillis(0, 0) : e.evaluateMillis(0, 0);
        } catch (DurationExpr.InvalidDuration invalid) {
            return 0;
        }
    }

    private DurationExpr binary(int minPrecedence) {
        if (++depth > MAX_DEPTH) {
            throw in.error(in.peek(), "expression nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
        try {
            return continueBinary(unary(), minPrecedence);
        } finally {
            depth--;
        }
    }

    private DurationExpr continueBinary(DurationExpr lhs, int minPrecedence) {
        while (true) {
            Token t = in.peek();
            Op op = operator(t);
            if (op == null || precedence(op) < minPrecedence) {
                return lhs;
            }
            in.advance();
            DurationExpr rhs = binary(op == Op.POW ? precedence(op) : precedence(op) + 1);
            if (rhs instanceof Literal l && l.seconds() == 0 && (op == Op.DIV || op == Op.MOD)) {
                throw in.error(t, op == Op.DIV ? "division by zero" : "modulo by zero");
            }
            lhs = span(new Binary(op, lhs, rhs), start(lhs), end(rhs));
        }
    }

    private DurationExpr unary() {
        Token t = in.peek();
        if (t.isOperator("-") || t.isOperator("+")) {
            in.advance();
            return signed(t, binary(precedence(Op.POW)));
        }
        return term();
    }

    private DurationExpr signed(Token sign, DurationExpr operand) {
        boolean negate = sign.isOperator("-");
        if (operand instanceof Literal l) {
            Literal folded = new Literal(negate ? -l.seconds() : l.seconds(), l.duration());
            return span(checkRange(sign, folded), sign.start(), end(l));
        }
        return negate ? span(new Negate(operand), sign.start(), end(operand)) : operand;
    }

    /** A literal, {@code step()}, {@code range()}, {@code min_of}/{@code max_of}, or a parenthesis. */
    private DurationExpr term() {
        Token t = in.peek();
        switch (t.type()) {
            case NUMBER -> {
                in.advance();
                return span(checkRange(t, new Literal(NumberText.parse(t, in), false)), t.start(), t.end());
            }
            case DURATION -> {
                in.advance();
                Literal l = new Literal(DurationText.parseMillis(t.text()) / 1000.0, true);
                return span(checkRange(t, l), t.start(), t.end());
            }
            case LEFT_PAREN -> {
                in.advance();
                DurationExpr inner = binary(1);
                closing(TokenType.RIGHT_PAREN);
                if (inner instanceof Paren) {
                    return inner;
                }
                // A parenthesis shares its content's span, except around a literal, where it starts at "(".
                return span(new Paren(inner), inner instanceof Literal ? t.start() : start(inner), end(inner));
            }
            case IDENTIFIER -> {
                return keyword(t);
            }
            default -> throw in.unexpected(t, context, expected);
        }
    }

    private DurationExpr keyword(Token t) {
        boolean step = t.isKeyword("step");
        if (step || t.isKeyword("range")) {
            in.advance();
            closing(TokenType.LEFT_PAREN);
            int end = closing(TokenType.RIGHT_PAREN);
            return span(step ? new DurationExpr.Step() : new DurationExpr.Range(), t.start(), end);
        }
        if (t.isKeyword("min_of") || t.isKeyword("max_of")) {
            in.advance();
            closing(TokenType.LEFT_PAREN);
            DurationExpr first = binary(1);
            closing(TokenType.COMMA);
            DurationExpr second = binary(1);
            closing(TokenType.RIGHT_PAREN);
            return span(new Extremum(t.isKeyword("max_of"), first, second), start(first), end(second));
        }
        throw in.unexpected(t, context, expected);
    }

    /** Consumes a token of that type and returns where it ends. */
    private int closing(TokenType type) {
        if (!in.peek().is(type)) {
            throw in.unexpected(in.peek(), context, expected);
        }
        return in.advance().end();
    }

    private Literal checkRange(Token at, Literal l) {
        if (Double.isNaN(l.seconds()) || Math.abs(l.seconds()) > DurationExpr.MAX_SECONDS) {
            throw in.error(at, "duration out of range");
        }
        return l;
    }

    private static Op operator(Token t) {
        if (!t.is(TokenType.OPERATOR) || t.text().length() != 1) {
            return null;
        }
        return switch (t.text().charAt(0)) {
            case '+' -> Op.ADD;
            case '-' -> Op.SUB;
            case '*' -> Op.MUL;
            case '/' -> Op.DIV;
            case '%' -> Op.MOD;
            case '^' -> Op.POW;
            default -> null;
        };
    }

    private static int precedence(Op op) {
        return switch (op) {
            case ADD, SUB -> 1;
            case MUL, DIV, MOD -> 2;
            case POW -> 3;
        };
    }
}
