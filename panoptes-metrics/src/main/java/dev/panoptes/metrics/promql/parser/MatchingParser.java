package dev.panoptes.metrics.promql.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses what may follow a binary operator before its right-hand side: {@code on}/{@code
 * ignoring}, {@code group_left}/{@code group_right} and the fill modifiers {@code fill(v)},
 * {@code fill_left(v)}, {@code fill_right(v)}; and the label lists of those and of aggregations.
 * {@code fill} and its variants are modifiers only when a parenthesis follows, so that they stay
 * usable as metric names ({@code other + fill}), as in Prometheus.
 */
final class MatchingParser {

    private static final String GROUPING = "grouping opts";

    private MatchingParser() {
    }

    /** The matching modifiers after {@code op} (and its {@code bool}), or null when none are written. */
    static VectorMatching matching(TokenStream in, BinaryOp op) {
        VectorMatching.Cardinality card = op.isSetOperator()
                ? VectorMatching.Cardinality.MANY_TO_MANY : VectorMatching.Cardinality.ONE_TO_ONE;
        List<String> labels = List.of();
        boolean on = false;
        boolean explicit = false;
        if (in.peek().isKeyword("on") || in.peek().isKeyword("ignoring")) {
            on = in.advance().isKeyword("on");
            labels = labelList(in);
            explicit = true;
        }
        List<String> include = List.of();
        // group_left and group_right need on or ignoring before them.
        if (explicit && (in.peek().isKeyword("group_left") || in.peek().isKeyword("group_right"))) {
            // A set operator with grouping is rejected once both sides are known, as Prometheus does.
            Token g = in.advance();
            card = g.isKeyword("group_left")
                    ? VectorMatching.Cardinality.MANY_TO_ONE : VectorMatching.Cardinality.ONE_TO_MANY;
            if (in.peek().is(TokenType.LEFT_PAREN)) {
                include = labelList(in);
            }
            explicit = true;
        }
        Double fillLeft = null;
        Double fillRight = null;
        if (isFill(in, "fill")) {
            in.advance();
            fillLeft = fillValue(in);
            fillRight = fillLeft;
        } else if (isFill(in, "fill_left")) {
            in.advance();
            fillLeft = fillValue(in);
            if (isFill(in, "fill_right")) {
                in.advance();
                fillRight = fillValue(in);
            }
        } else if (isFill(in, "fill_right")) {
            in.advance();
            fillRight = fillValue(in);
            if (isFill(in, "fill_left")) {
                in.advance();
                fillLeft = fillValue(in);
            }
        }
        if (isFill(in, "fill") || isFill(in, "fill_left") || isFill(in, "fill_right")) {
            throw in.unexpected(in.peek(), null);
        }
        explicit |= fillLeft != null || fillRight != null;
        return explicit || op.isSetOperator()
                ? new VectorMatching(card, labels, on, include, fillLeft, fillRight) : null;
    }

    private static boolean isFill(TokenStream in, String keyword) {
        return in.peek().isKeyword(keyword) && in.peekAt(1).is(TokenType.LEFT_PAREN);
    }

    /** {@code (number)} or {@code (-number)}; a duration counts as its seconds. */
    private static double fillValue(TokenStream in) {
        in.advance();
        boolean negative = false;
        if (in.peek().isOperator("-") || in.peek().isOperator("+")) {
            negative = in.advance().isOperator("-");
        }
        Token t = in.advance();
        double value;
        if (t.is(TokenType.NUMBER) || t.isKeyword("inf") || t.isKeyword("nan")) {
            value = NumberText.parse(t, in);
        } else if (t.is(TokenType.DURATION)) {
            value = DurationText.parseMillis(t.text()) / 1000.0;
        } else {
            throw in.unexpected(t, null);
        }
        in.expect(TokenType.RIGHT_PAREN, null);
        return negative ? -value : value;
    }

    /** A parenthesised list of label names, as after {@code by}, {@code on} or {@code group_left}. */
    static List<String> labelList(TokenStream in) {
        if (!in.peek().is(TokenType.LEFT_PAREN)) {
            throw in.unexpected(in.peek(), GROUPING, "\"(\"");
        }
        in.advance();
        List<String> labels = new ArrayList<>();
        while (!in.peek().is(TokenType.RIGHT_PAREN)) {
            Token t = in.advance();
            if (t.is(TokenType.STRING)) {
                labels.add(t.text());
            } else if (t.is(TokenType.IDENTIFIER) && t.text().indexOf(':') < 0) {
                labels.add(t.text());
            } else {
                throw in.unexpected(t, GROUPING, "label");
            }
            if (in.peek().is(TokenType.COMMA)) {
                in.advance();
            } else if (!in.peek().is(TokenType.RIGHT_PAREN)) {
                throw in.unexpected(in.peek(), GROUPING, "\",\" or \")\"");
            }
        }
        in.advance();
        return labels;
    }
}
