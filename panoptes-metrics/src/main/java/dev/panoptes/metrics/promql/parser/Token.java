package dev.panoptes.metrics.promql.parser;

import java.util.Locale;
import java.util.Set;

/**
 * One lexed token: its kind, its text (unquoted for strings) and the byte offset where it starts
 * in the query.
 */
record Token(TokenType type, String text, int start, int end) {

    boolean is(TokenType t) {
        return type == t;
    }

    boolean isOperator(String op) {
        return type == TokenType.OPERATOR && text.equals(op);
    }

    /** True for an identifier spelled {@code keyword}, case-insensitively as PromQL keywords are. */
    boolean isKeyword(String keyword) {
        return type == TokenType.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }

    /** Modifier keywords, which Prometheus names {@code <by>} in messages. */
    private static final Set<String> KEYWORDS = Set.of("bool", "by", "group_left", "group_right", "ignoring",
            "offset", "smoothed", "anchored", "on", "without");
    /** Keywords that are operators, named {@code <op:and>}. */
    private static final Set<String> OPERATOR_KEYWORDS = Set.of("and", "or", "unless", "atan2");
    /** Other words the lexer of Prometheus gives their own token, named {@code "step"}. */
    private static final Set<String> QUOTED_KEYWORDS = Set.of("start", "end", "step", "range", "min_of", "max_of");

    /** How Prometheus names this token in "unexpected ..." messages. */
    String describe() {
        return switch (type) {
            case EOF -> "end of input";
            case IDENTIFIER -> describeWord();
            case NUMBER -> "number \"" + text + "\"";
            case DURATION -> "duration \"" + text + "\"";
            case STRING -> "string";
            case OPERATOR, AT -> "<op:" + text + ">";
            default -> type.description();
        };
    }

    private String describeWord() {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("nan")) {
            return "number \"" + text + "\"";
        }
        if (KEYWORDS.contains(lower)) {
            return "<" + text + ">";
        }
        if (OPERATOR_KEYWORDS.contains(lower)) {
            return "<op:" + text + ">";
        }
        if (AggregateOp.fromName(lower) != null) {
            return "<aggr:" + text + ">";
        }
        if (QUOTED_KEYWORDS.contains(lower)) {
            return "\"" + text + "\"";
        }
        return (text.indexOf(':') >= 0 ? "metric identifier \"" : "identifier \"") + text + "\"";
    }
}
