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
import java.util.List;

/**
 * A recursive-descent PromQL parser with precedence climbing for binary operators. Hand-written
 * so that error messages and positions follow Prometheus' and so that type checking happens in
 * the same pass. Not thread-safe; use {@link #parse(String)}, which makes a fresh parser.
 */
public final class Parser {

    private static final String NAME_LABEL = "__name__";

    private final String query;
    private final List<Token> tokens;
    private int index;
    /** Set while parsing info()'s label selector, the one selector allowed to match everything. */
    private boolean allowEmptySelector;
    /** Current nesting, bounded so that a hostile query gets an error, not a stack overflow. */
    private int depth;

    /** Deeper than any real query; low enough that the recursion never exhausts a thread stack. */
    private static final int MAX_DEPTH = 128;

    private Parser(String query) {
        this.query = query;
        this.tokens = Lexer.tokenize(query);
    }

    /**
     * Parses and type-checks a query.
     *
     * @throws ParseException with a Prometheus-style message when the query is not valid
     */
    public static Expr parse(String query) {
        Parser p = new Parser(query);
        if (p.peek().is(TokenType.EOF)) {
            throw p.error(p.peek(), "no expression found in input");
        }
        Expr e = p.expression();
        if (!p.peek().is(TokenType.EOF)) {
            throw p.unexpected(p.peek(), null);
        }
        return e;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token t = tokens.get(index);
        if (!t.is(TokenType.EOF)) {
            index++;
        }
        return t;
    }

    private Token expect(TokenType type, String context) {
        Token t = peek();
        if (!t.is(type)) {
            throw unexpected(t, context == null ? "expected " + type.description() : context);
        }
        return advance();
    }

    private ParseException error(Token at, String detail) {
        return new ParseException(query, at.start(), detail);
    }

    private ParseException error(int position, String detail) {
        return new ParseException(query, position, detail);
    }

    private ParseException unexpected(Token t, String expected) {
        String detail = "unexpected " + t.describe();
        if (expected != null) {
            detail += ", " + expected;
        }
        return error(t, detail);
    }

    private Expr expression() {
        return binary(1);
    }

    private Expr binary(int minPrecedence) {
        Expr lhs = unary();
        while (true) {
            Token t = peek();
            BinaryOp op = BinaryOp.fromToken(t);
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            advance();
            boolean returnBool = false;
            if (peek().isKeyword("bool")) {
                advance();
                returnBool = true;
            }
            VectorMatching matching = matchingModifiers(op);
            int next = op.isRightAssociative() ? op.precedence() : op.precedence() + 1;
            Expr rhs = binary(next);
            lhs = BinaryChecks.check(op, lhs, rhs, matching, returnBool, t, this::error);
        }
    }

    private VectorMatching matchingModifiers(BinaryOp op) {
        VectorMatching.Cardinality card = op.isSetOperator()
                ? VectorMatching.Cardinality.MANY_TO_MANY : VectorMatching.Cardinality.ONE_TO_ONE;
        List<String> labels = List.of();
        boolean on = false;
        boolean explicit = false;
        if (peek().isKeyword("on") || peek().isKeyword("ignoring")) {
            on = advance().isKeyword("on");
            labels = labelList();
            explicit = true;
        }
        List<String> include = List.of();
        if (peek().isKeyword("group_left") || peek().isKeyword("group_right")) {
            Token g = advance();
            if (op.isSetOperator()) {
                throw error(g, "no grouping allowed for \"" + op.symbol() + "\" operation");
            }
            card = g.isKeyword("group_left")
                    ? VectorMatching.Cardinality.MANY_TO_ONE : VectorMatching.Cardinality.ONE_TO_MANY;
            if (peek().is(TokenType.LEFT_PAREN)) {
                include = labelList();
            }
            explicit = true;
        }
        return explicit || op.isSetOperator() ? new VectorMatching(card, labels, on, include) : null;
    }

    private List<String> labelList() {
        expect(TokenType.LEFT_PAREN, "expected \"(\" for grouping");
        List<String> labels = new ArrayList<>();
        while (!peek().is(TokenType.RIGHT_PAREN)) {
            Token t = advance();
            if (t.is(TokenType.STRING)) {
                labels.add(t.text());
            } else if (t.is(TokenType.IDENTIFIER) && t.text().indexOf(':') < 0) {
                labels.add(t.text());
            } else {
                throw unexpected(t, "expected label");
            }
            if (peek().is(TokenType.COMMA)) {
                advance();
            } else if (!peek().is(TokenType.RIGHT_PAREN)) {
                throw unexpected(peek(), "expected \",\" or \")\" in grouping opts");
            }
        }
        advance();
        return labels;
    }

    private Expr unary() {
        if (++depth > MAX_DEPTH) {
            throw error(peek(), "expression nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
        try {
            return unaryUnchecked();
        } finally {
            depth--;
        }
    }

    private Expr unaryUnchecked() {
        Token t = peek();
        if (t.isOperator("-") || t.isOperator("+")) {
            advance();
            Expr operand = binary(BinaryOp.POW.precedence());
            if (operand.type() != ExprType.SCALAR && operand.type() != ExprType.VECTOR) {
                throw error(t, "unary expression only allowed on expressions of type scalar or instant vector, got \""
                        + operand.type().description() + "\"");
            }
            boolean negate = t.isOperator("-");
            if (operand instanceof NumberLiteral n) {
                return new NumberLiteral(negate ? -n.value() : n.value());
            }
            return negate ? new Unary(true, operand) : operand;
        }
        return postfix(primary());
    }

    private Expr postfix(Expr e) {
        while (true) {
            Token t = peek();
            if (t.is(TokenType.LEFT_BRACKET)) {
                e = rangeOrSubquery(e);
            } else if (t.isKeyword("offset")) {
                advance();
                e = Modifiers.withOffset(e, signedDuration(), t, this::error);
            } else if (t.is(TokenType.AT)) {
                advance();
                e = Modifiers.withAt(e, atValue(), t, this::error);
            } else {
                return e;
            }
        }
    }

    private Expr rangeOrSubquery(Expr e) {
        Token open = advance();
        long range = duration("expected duration in range");
        if (peek().is(TokenType.COLON)) {
            advance();
            long step = 0;
            if (!peek().is(TokenType.RIGHT_BRACKET)) {
                step = duration("expected duration in subquery step");
            }
            expect(TokenType.RIGHT_BRACKET, "expected \"]\" in subquery selector");
            if (e.type() != ExprType.VECTOR) {
                throw error(open, "subquery is only allowed on instant vector, got "
                        + e.type().description() + " instead");
            }
            return new Subquery(e, range, step, 0, null);
        }
        expect(TokenType.RIGHT_BRACKET, "expected \"]\" in range selector");
        if (!(e instanceof VectorSelector vs)) {
            throw error(open, "ranges only allowed for vector selectors");
        }
        if (vs.offsetMillis() != 0 || vs.at() != null) {
            throw error(open, "no offset or @ modifiers allowed before range");
        }
        return new MatrixSelector(vs, range);
    }

    private long duration(String expected) {
        Token t = advance();
        long millis;
        if (t.is(TokenType.DURATION)) {
            millis = DurationText.parseMillis(t.text());
        } else if (t.is(TokenType.NUMBER)) {
            millis = Math.round(NumberText.parse(t.text()) * 1000);
        } else {
            throw unexpected(t, expected);
        }
        if (millis <= 0) {
            throw error(t, "duration must be greater than 0");
        }
        return millis;
    }

    private long signedDuration() {
        boolean negative = false;
        if (peek().isOperator("-") || peek().isOperator("+")) {
            negative = advance().isOperator("-");
        }
        Token t = advance();
        long millis;
        if (t.is(TokenType.DURATION)) {
            millis = DurationText.parseMillis(t.text());
        } else if (t.is(TokenType.NUMBER)) {
            millis = Math.round(NumberText.parse(t.text()) * 1000);
        } else {
            throw unexpected(t, "expected duration");
        }
        return negative ? -millis : millis;
    }

    private At atValue() {
        Token t = peek();
        if (t.isKeyword("start") || t.isKeyword("end")) {
            advance();
            expect(TokenType.LEFT_PAREN, "expected \"(\"");
            expect(TokenType.RIGHT_PAREN, "expected \")\"");
            return new At(t.isKeyword("start") ? At.Kind.START : At.Kind.END, 0);
        }
        boolean negative = false;
        if (t.isOperator("-") || t.isOperator("+")) {
            negative = advance().isOperator("-");
        }
        Token n = advance();
        if (!n.is(TokenType.NUMBER) && !n.is(TokenType.DURATION)) {
            throw unexpected(n, "expected number, start() or end() after @");
        }
        double seconds = n.is(TokenType.NUMBER) ? NumberText.parse(n.text())
                : DurationText.parseMillis(n.text()) / 1000.0;
        if (negative) {
            seconds = -seconds;
        }
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)
                || Math.abs(seconds * 1000) > (double) Long.MAX_VALUE) {
            throw error(n, "timestamp out of bounds for @ modifier: " + seconds);
        }
        return new At(At.Kind.TIMESTAMP, Math.round(seconds * 1000));
    }

    private Expr primary() {
        Token t = peek();
        switch (t.type()) {
            case NUMBER -> {
                advance();
                return new NumberLiteral(NumberText.parse(t.text()));
            }
            case DURATION -> {
                advance();
                return new NumberLiteral(DurationText.parseMillis(t.text()) / 1000.0);
            }
            case STRING -> {
                advance();
                return new StringLiteral(t.text());
            }
            case LEFT_PAREN -> {
                advance();
                Expr inner = expression();
                expect(TokenType.RIGHT_PAREN, "expected \")\"");
                return new Paren(inner);
            }
            case LEFT_BRACE -> {
                return selector(null, t);
            }
            case IDENTIFIER -> {
                return identifierExpression(t);
            }
            default -> throw unexpected(t, null);
        }
    }

    private Expr identifierExpression(Token t) {
        String text = t.text();
        if (text.equalsIgnoreCase("inf") || text.equalsIgnoreCase("nan")) {
            advance();
            return new NumberLiteral(NumberText.parse(text));
        }
        Token after = peekAt(1);
        AggregateOp agg = AggregateOp.fromName(text);
        if (agg != null && (after.is(TokenType.LEFT_PAREN) || after.isKeyword("by") || after.isKeyword("without"))) {
            advance();
            return aggregate(agg, t);
        }
        if (after.is(TokenType.LEFT_PAREN)) {
            advance();
            Function f = Function.named(text);
            if (f == null) {
                throw error(t, "unknown function with name \"" + text + "\"");
            }
            return call(f, t);
        }
        advance();
        if (peek().is(TokenType.LEFT_BRACE)) {
            return selector(text, t);
        }
        return new VectorSelector(text, List.of(LabelMatcher.equal(NAME_LABEL, text)), 0, null);
    }

    private Expr aggregate(AggregateOp op, Token opToken) {
        List<String> grouping = List.of();
        boolean without = false;
        boolean hasGrouping = false;
        if (peek().isKeyword("by") || peek().isKeyword("without")) {
            without = advance().isKeyword("without");
            grouping = labelList();
            hasGrouping = true;
        }
        Token open = expect(TokenType.LEFT_PAREN, "expected \"(\"");
        List<Expr> args = new ArrayList<>();
        while (!peek().is(TokenType.RIGHT_PAREN)) {
            args.add(expression());
            if (peek().is(TokenType.COMMA)) {
                advance();
            } else if (!peek().is(TokenType.RIGHT_PAREN)) {
                throw unexpected(peek(), "expected \",\" or \")\"");
            }
        }
        advance();
        if (!hasGrouping && (peek().isKeyword("by") || peek().isKeyword("without"))) {
            without = advance().isKeyword("without");
            grouping = labelList();
            hasGrouping = true;
        }
        int expected = op.paramType() == null ? 1 : 2;
        if (args.size() != expected) {
            throw error(open, "wrong number of arguments for aggregate expression provided, expected "
                    + expected + ", got " + args.size());
        }
        Expr param = expected == 2 ? args.get(0) : null;
        Expr inner = args.get(expected - 1);
        if (param != null && param.type() != op.paramType()) {
            throw error(opToken, "expected type " + op.paramType().description() + " in aggregation parameter, got "
                    + param.type().description());
        }
        if (inner.type() != ExprType.VECTOR) {
            throw error(opToken, "expected type instant vector in aggregation expression, got "
                    + inner.type().description());
        }
        return new Aggregate(op, inner, param, grouping, without, hasGrouping);
    }

    private Expr call(Function f, Token name) {
        advance();
        List<Expr> args = new ArrayList<>();
        while (!peek().is(TokenType.RIGHT_PAREN)) {
            boolean saved = allowEmptySelector;
            allowEmptySelector = f.name().equals("info") && args.size() == 1;
            try {
                args.add(expression());
            } finally {
                allowEmptySelector = saved;
            }
            if (peek().is(TokenType.COMMA)) {
                advance();
            } else if (!peek().is(TokenType.RIGHT_PAREN)) {
                throw unexpected(peek(), "expected \",\" or \")\" in function call");
            }
        }
        advance();
        FunctionChecks.check(f, args, name, this::error);
        return new Call(f, args);
    }

    private Expr selector(String metricName, Token start) {
        expect(TokenType.LEFT_BRACE, null);
        List<LabelMatcher> matchers = new ArrayList<>();
        String name = metricName;
        while (!peek().is(TokenType.RIGHT_BRACE)) {
            Token label = advance();
            if (!label.is(TokenType.IDENTIFIER) && !label.is(TokenType.STRING)) {
                throw unexpected(label, "expected label matching");
            }
            if (label.is(TokenType.STRING) && (peek().is(TokenType.COMMA) || peek().is(TokenType.RIGHT_BRACE))) {
                if (name != null) {
                    throw error(label, "metric name must not be set twice: \"" + name + "\" or \"" + label.text() + "\"");
                }
                name = label.text();
            } else {
                if (label.is(TokenType.IDENTIFIER) && label.text().indexOf(':') >= 0) {
                    throw unexpected(label, "expected label name");
                }
                matchers.add(matcher(label));
            }
            if (peek().is(TokenType.COMMA)) {
                advance();
            } else if (!peek().is(TokenType.RIGHT_BRACE)) {
                throw unexpected(peek(), "expected \",\" or \"}\" in label matching");
            }
        }
        advance();
        if (metricName == null && name != null) {
            matchers.add(LabelMatcher.equal(NAME_LABEL, name));
        }
        if (metricName != null) {
            for (LabelMatcher m : matchers) {
                if (m.name().equals(NAME_LABEL)) {
                    throw error(start, "metric name must not be set twice: \"" + metricName + "\" or \"" + m.value() + "\"");
                }
            }
            matchers.add(LabelMatcher.equal(NAME_LABEL, metricName));
        }
        boolean anyNonEmpty = false;
        for (LabelMatcher m : matchers) {
            anyNonEmpty |= !m.matches("");
        }
        if (!anyNonEmpty && !allowEmptySelector) {
            throw error(start, "vector selector must contain at least one non-empty matcher");
        }
        return new VectorSelector(name, matchers, 0, null);
    }

    private LabelMatcher matcher(Token label) {
        Token op = advance();
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
            throw unexpected(op, "expected label matching operator");
        }
        Token value = advance();
        if (!value.is(TokenType.STRING)) {
            throw unexpected(value, "expected label value");
        }
        try {
            return LabelMatcher.of(type, label.text(), value.text());
        } catch (RuntimeException e) {
            throw error(value, "invalid regular expression in label matcher: " + e.getMessage());
        }
    }
}
