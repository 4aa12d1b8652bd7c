package dev.panoptes.metrics.promql.parser;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.MatchType;
import dev.panoptes.metrics.promql.parser.Expr.Aggregate;
import dev.panoptes.metrics.promql.parser.Expr.Binary;
import dev.panoptes.metrics.promql.parser.Expr.Call;
import dev.panoptes.metrics.promql.parser.Expr.MatrixSelector;
import dev.panoptes.metrics.promql.parser.Expr.NumberLiteral;
import dev.panoptes.metrics.promql.parser.Expr.Paren;
import dev.panoptes.metrics.promql.parser.Expr.StringLiteral;
import dev.panoptes.metrics.promql.parser.Expr.Subquery;
import dev.panoptes.metrics.promql.parser.Expr.Unary;
import dev.panoptes.metrics.promql.parser.Expr.VectorSelector;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * A recursive-descent PromQL parser with precedence climbing for binary operators. Hand-written
 * so that error messages and positions follow Prometheus' and so that type checking happens in
 * the same pass. Not thread-safe; use {@link #parse(String)}, which makes a fresh parser.
 */
public final class Parser {

    private static final String NAME_LABEL = "__name__";
    private static final String LABEL_MATCHING = "label matching";
    /** Modifier keywords that, unlike {@code by} or {@code offset}, cannot name a metric. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("bool", "on", "ignoring", "group_left",
            "group_right", "atan2");

    private final TokenStream in;
    private final DurationExprParser durations;
    /** Where each node built so far starts, by identity: equal subtrees may start at different places. */
    private final IdentityHashMap<Expr, Integer> starts = new IdentityHashMap<>();
    /** Set while parsing info()'s label selector, the one selector allowed to match everything. */
    private boolean allowEmptySelector;
    /** Current nesting, bounded so that a hostile query gets an error, not a stack overflow. */
    private int depth;

    /** Deeper than any real query; low enough that the recursion never exhausts a thread stack. */
    private static final int MAX_DEPTH = 128;

    private Parser(String query) {
        this.in = new TokenStream(query);
        this.durations = new DurationExprParser(in);
    }

    /**
     * Parses and type-checks a query.
     *
     * @throws ParseException with a Prometheus-style message when the query is not valid
     */
    public static Expr parse(String query) {
        return parseWithPositions(query).expr();
    }

    /**
     * Parses and type-checks a query, and keeps where each node of the tree starts, for
     * annotations that name a position.
     *
     * @throws ParseException with a Prometheus-style message when the query is not valid
     */
    public static ParsedQuery parseWithPositions(String query) {
        Parser p = new Parser(query);
        if (p.in.peek().is(TokenType.EOF)) {
            throw p.in.error(0, "no expression found in input");
        }
        Expr e = p.expression();
        if (!p.in.peek().is(TokenType.EOF)) {
            throw p.in.unexpected(p.in.peek(), null);
        }
        return ParsedQuery.of(query, e, p.starts, p.durations.spans());
    }

    /** Remembers where {@code node} starts (a character index) and returns it. */
    private <T extends Expr> T record(T node, int start) {
        starts.put(node, start);
        return node;
    }

    private int startOf(Expr node) {
        Integer start = starts.get(node);
        return start == null ? -1 : start;
    }

    private Expr expression() {
        return binary(1);
    }

    private Expr binary(int minPrecedence) {
        Expr lhs = unary();
        while (true) {
            Token t = in.peek();
            BinaryOp op = BinaryOp.fromToken(t);
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            in.advance();
            boolean returnBool = false;
            if (in.peek().isKeyword("bool")) {
                in.advance();
                returnBool = true;
            }
            VectorMatching matching = MatchingParser.matching(in, op);
            int next = op.isRightAssociative() ? op.precedence() : op.precedence() + 1;
            Expr rhs = binary(next);
            int start = startOf(lhs);
            BinaryChecks.Positions at = new BinaryChecks.Positions(t.start(), start, startOf(rhs));
            lhs = record(BinaryChecks.check(op, lhs, rhs, matching, returnBool, at, in::error), start);
        }
    }

    private Expr unary() {
        if (++depth > MAX_DEPTH) {
            throw in.error(in.peek(), "expression nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
        try {
            return unaryUnchecked();
        } finally {
            depth--;
        }
    }

    private Expr unaryUnchecked() {
        Token t = in.peek();
        if (t.isOperator("-") || t.isOperator("+")) {
            in.advance();
            Expr operand = binary(BinaryOp.POW.precedence());
            if (operand.type() != ExprType.SCALAR && operand.type() != ExprType.VECTOR) {
                throw in.error(t, "unary expression only allowed on expressions of type scalar or instant vector, got \""
                        + operand.type().description() + "\"");
            }
            boolean negate = t.isOperator("-");
            if (operand instanceof NumberLiteral n) {
                return record(new NumberLiteral(negate ? -n.value() : n.value()), t.start());
            }
            return negate ? record(new Unary(true, operand), t.start()) : operand;
        }
        return postfix(primary());
    }

    private Expr postfix(Expr e) {
        int start = startOf(e);
        while (true) {
            Token t = in.peek();
            if (t.is(TokenType.LEFT_BRACKET)) {
                e = rangeOrSubquery(e, start);
            } else if (t.isKeyword("offset")) {
                in.advance();
                e = Modifiers.withOffset(e, durations.offset(), start, in::error);
            } else if (t.is(TokenType.AT)) {
                in.advance();
                e = Modifiers.withAt(e, atValue(start), start, in::error);
            } else if (t.isKeyword("anchored") || t.isKeyword("smoothed")) {
                in.advance();
                e = Modifiers.withExtendedRange(e, t.isKeyword("smoothed"), start, in::error);
            } else {
                return e;
            }
            record(e, start);
            if (e instanceof MatrixSelector ms) {
                // A modifier rebuilds the inner selector too; it starts where the range selector does.
                record(ms.selector(), start);
            }
        }
    }

    private Expr rangeOrSubquery(Expr e, int start) {
        Token open = in.advance();
        DurationExprParser.Value range = durations.positive(
                DurationExprParser.RANGE_CONTEXT, DurationExprParser.RANGE_EXPECTED);
        if (in.peek().is(TokenType.COLON)) {
            in.advance();
            DurationExprParser.Value step = new DurationExprParser.Value(0, null);
            if (!in.peek().is(TokenType.RIGHT_BRACKET)) {
                step = durations.positive(DurationExprParser.STEP_CONTEXT, DurationExprParser.STEP_EXPECTED);
            }
            if (!in.peek().is(TokenType.RIGHT_BRACKET)) {
                throw in.unexpected(in.peek(), "subquery selector", "\"]\"");
            }
            in.advance();
            if (e.type() != ExprType.VECTOR) {
                throw in.error(start, "subquery is only allowed on instant vector, got " + valueTypeName(e.type())
                        + " instead");
            }
            return new Subquery(e, range.millis(), step.millis(), 0, null, range.expr(), step.expr(), null);
        }
        if (!in.peek().is(TokenType.RIGHT_BRACKET)) {
            throw in.unexpected(in.peek(), "subquery or range", "\":\" or \"]\"");
        }
        in.advance();
        if (!(e instanceof VectorSelector vs)) {
            throw in.error(open, "ranges only allowed for vector selectors");
        }
        if (vs.offsetMillis() != 0 || vs.offsetExpr() != null) {
            throw in.error(open, "no offset modifiers allowed before range");
        }
        if (vs.at() != null) {
            throw in.error(open, "no @ modifiers allowed before range");
        }
        return new MatrixSelector(vs, range.millis(), range.expr());
    }

    /** A float as Go's {@code %f} prints it. */
    private static String goFixed(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return String.format(java.util.Locale.ROOT, "%.6f", v);
    }

    /** How Prometheus names a value type in the subquery error (its internal type names). */
    private static String valueTypeName(ExprType type) {
        return switch (type) {
            case SCALAR -> "scalar";
            case VECTOR -> "vector";
            case MATRIX -> "matrix";
            case STRING -> "string";
        };
    }

    private At atValue(int start) {
        Token t = in.peek();
        if (t.isKeyword("start") || t.isKeyword("end")) {
            in.advance();
            in.expect(TokenType.LEFT_PAREN, "expected \"(\"");
            in.expect(TokenType.RIGHT_PAREN, "expected \")\"");
            return new At(t.isKeyword("start") ? At.Kind.START : At.Kind.END, 0);
        }
        boolean negative = false;
        if (t.isOperator("-") || t.isOperator("+")) {
            negative = in.advance().isOperator("-");
        }
        Token n = in.advance();
        boolean number = n.is(TokenType.NUMBER) || n.isKeyword("inf") || n.isKeyword("nan");
        if (!number && !n.is(TokenType.DURATION)) {
            throw in.unexpected(n, "@", "timestamp");
        }
        double seconds = number ? NumberText.parse(n, in) : DurationText.parseMillis(n.text()) / 1000.0;
        if (negative) {
            seconds = -seconds;
        }
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)
                || Math.abs(seconds * 1000) > (double) Long.MAX_VALUE) {
            throw in.error(start, "timestamp out of bounds for @ modifier: " + goFixed(seconds));
        }
        return new At(At.Kind.TIMESTAMP, Math.round(seconds * 1000));
    }

    /** A term; it starts at its first token whatever it is (number, name, "(", "{", operator keyword). */
    private Expr primary() {
        Token t = in.peek();
        return record(primaryUnrecorded(t), t.start());
    }

    private Expr primaryUnrecorded(Token t) {
        switch (t.type()) {
            case NUMBER -> {
                in.advance();
                return new NumberLiteral(NumberText.parse(t, in));
            }
            case DURATION -> {
                in.advance();
                return new NumberLiteral(DurationText.parseMillis(t.text()) / 1000.0);
            }
            case STRING -> {
                in.advance();
                return new StringLiteral(t.text());
            }
            case LEFT_PAREN -> {
                in.advance();
                Expr inner = expression();
                in.expect(TokenType.RIGHT_PAREN, "expected \")\"");
                return new Paren(inner);
            }
            case LEFT_BRACE -> {
                return selector(null, t);
            }
            case IDENTIFIER -> {
                return identifierExpression(t);
            }
            default -> throw in.unexpected(t, null);
        }
    }

    private Expr identifierExpression(Token t) {
        String text = t.text();
        if (RESERVED.contains(text.toLowerCase(java.util.Locale.ROOT))) {
            throw in.unexpected(t, null);
        }
        if (text.equalsIgnoreCase("inf") || text.equalsIgnoreCase("nan")) {
            in.advance();
            return new NumberLiteral(NumberText.parse(text));
        }
        Token after = in.peekAt(1);
        AggregateOp agg = AggregateOp.fromName(text);
        if (agg != null && (after.is(TokenType.LEFT_PAREN) || after.isKeyword("by") || after.isKeyword("without"))) {
            in.advance();
            return aggregate(agg, t);
        }
        if (after.is(TokenType.LEFT_PAREN)) {
            in.advance();
            Function f = Function.named(text);
            if (f == null) {
                throw in.error(t, "unknown function with name \"" + text + "\"");
            }
            return call(f, t);
        }
        in.advance();
        if (in.peek().is(TokenType.LEFT_BRACE)) {
            return selector(text, t);
        }
        return new VectorSelector(text, List.of(LabelMatcher.equal(NAME_LABEL, text)), 0, null);
    }

    private Expr aggregate(AggregateOp op, Token opToken) {
        List<String> grouping = List.of();
        boolean without = false;
        boolean hasGrouping = false;
        if (in.peek().isKeyword("by") || in.peek().isKeyword("without")) {
            without = in.advance().isKeyword("without");
            grouping = MatchingParser.labelList(in);
            hasGrouping = true;
        }
        in.expect(TokenType.LEFT_PAREN, "expected \"(\"");
        List<Expr> args = new ArrayList<>();
        while (!in.peek().is(TokenType.RIGHT_PAREN)) {
            args.add(expression());
            if (in.peek().is(TokenType.COMMA)) {
                argumentComma();
            } else if (!in.peek().is(TokenType.RIGHT_PAREN)) {
                throw in.unexpected(in.peek(), "expected \",\" or \")\"");
            }
        }
        in.advance();
        if (!hasGrouping && (in.peek().isKeyword("by") || in.peek().isKeyword("without"))) {
            without = in.advance().isKeyword("without");
            grouping = MatchingParser.labelList(in);
            hasGrouping = true;
        }
        if (args.isEmpty()) {
            throw in.error(opToken, "no arguments for aggregate expression provided");
        }
        int expected = op.paramType() == null ? 1 : 2;
        if (args.size() != expected) {
            throw in.error(opToken, "wrong number of arguments for aggregate expression provided, expected "
                    + expected + ", got " + args.size());
        }
        Expr param = expected == 2 ? args.get(0) : null;
        Expr inner = args.get(expected - 1);
        if (inner.type() != ExprType.VECTOR) {
            throw in.error(startOf(inner), "expected type instant vector in aggregation expression, got "
                    + inner.type().description());
        }
        if (param != null && param.type() != op.paramType()) {
            throw in.error(startOf(param), "expected type " + op.paramType().description()
                    + " in aggregation parameter, got " + param.type().description());
        }
        return new Aggregate(op, inner, param, grouping, without, hasGrouping);
    }

    /** Consumes the comma between arguments; one before the closing parenthesis is an error. */
    private void argumentComma() {
        Token comma = in.advance();
        if (in.peek().is(TokenType.RIGHT_PAREN)) {
            throw in.error(comma, "trailing commas not allowed in function call args");
        }
    }

    private Expr call(Function f, Token name) {
        in.advance();
        List<Expr> args = new ArrayList<>();
        while (!in.peek().is(TokenType.RIGHT_PAREN)) {
            boolean saved = allowEmptySelector;
            allowEmptySelector = f.name().equals("info") && args.size() == 1;
            try {
                args.add(expression());
            } finally {
                allowEmptySelector = saved;
            }
            if (in.peek().is(TokenType.COMMA)) {
                argumentComma();
            } else if (!in.peek().is(TokenType.RIGHT_PAREN)) {
                throw in.unexpected(in.peek(), "expected \",\" or \")\" in function call");
            }
        }
        in.advance();
        FunctionChecks.check(f, args, name, this::startOf, in::error);
        return new Call(f, args);
    }

    private Expr selector(String metricName, Token start) {
        in.expect(TokenType.LEFT_BRACE, null);
        List<LabelMatcher> matchers = new ArrayList<>();
        String name = metricName;
        while (!in.peek().is(TokenType.RIGHT_BRACE)) {
            Token label = in.advance();
            if (!label.is(TokenType.IDENTIFIER) && !label.is(TokenType.STRING)) {
                throw in.unexpected(label, LABEL_MATCHING, "identifier or \"}\"");
            }
            if (label.is(TokenType.STRING) && (in.peek().is(TokenType.COMMA) || in.peek().is(TokenType.RIGHT_BRACE))) {
                if (name != null) {
                    throw in.error(label, "metric name must not be set twice: \"" + name + "\" or \"" + label.text() + "\"");
                }
                name = label.text();
            } else {
                matchers.add(matcher(label));
            }
            if (in.peek().is(TokenType.COMMA)) {
                in.advance();
            } else if (!in.peek().is(TokenType.RIGHT_BRACE)) {
                throw in.unexpected(in.peek(), LABEL_MATCHING, "\",\" or \"}\"");
            }
        }
        in.advance();
        if (metricName == null && name != null) {
            matchers.add(LabelMatcher.equal(NAME_LABEL, name));
        }
        if (metricName != null) {
            for (LabelMatcher m : matchers) {
                if (m.name().equals(NAME_LABEL)) {
                    throw in.error(start, "metric name must not be set twice: \"" + metricName + "\" or \"" + m.value() + "\"");
                }
            }
            matchers.add(LabelMatcher.equal(NAME_LABEL, metricName));
        }
        boolean anyNonEmpty = false;
        for (LabelMatcher m : matchers) {
            anyNonEmpty |= !m.matches("");
        }
        if (!anyNonEmpty && !allowEmptySelector) {
            throw in.error(start, "vector selector must contain at least one non-empty matcher");
        }
        return new VectorSelector(name, matchers, 0, null);
    }

    private LabelMatcher matcher(Token label) {
        Token op = in.advance();
        MatchType type;
        if (op.is(TokenType.ASSIGN)) {
            type = MatchType.EQUAL;
        } else if (op.isOperator("!=")) {
            type = MatchType.NOT_EQUAL;
        } else if (op.is(TokenType.EQUAL_REGEX)) {
            type = MatchType.REGEX;
        } else if (op.is(TokenType.NOT_EQUAL_REGEX)) {
            type = MatchType.NOT_REGEX;
        } else {
            throw in.unexpected(op, LABEL_MATCHING, "label matching operator");
        }
        Token value = in.advance();
        if (!value.is(TokenType.STRING)) {
            throw in.unexpected(value, LABEL_MATCHING, "string");
        }
        try {
            return LabelMatcher.of(type, label.text(), value.text());
        } catch (RuntimeException e) {
            throw in.error(value, "invalid regular expression in label matcher: " + e.getMessage());
        }
    }
}
