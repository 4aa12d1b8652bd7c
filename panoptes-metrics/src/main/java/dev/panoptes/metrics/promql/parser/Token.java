package dev.panoptes.metrics.promql.parser;

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

    /** How Prometheus names this token in "unexpected ..." messages. */
    String describe() {
        return switch (type) {
            case EOF -> "end of input";
            case IDENTIFIER -> "identifier \"" + text + "\"";
            case NUMBER -> "number \"" + text + "\"";
            case DURATION -> "duration \"" + text + "\"";
            case STRING -> "string";
            case OPERATOR -> "<op:" + text + ">";
            default -> type.description();
        };
    }
}
