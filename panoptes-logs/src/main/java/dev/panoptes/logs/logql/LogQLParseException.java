package dev.panoptes.logs.logql;

/**
 * A query that is not valid LogQL. The message has Loki's shape,
 * {@code parse error at line 1, col 5: syntax error: unexpected ...}, with 1-based positions.
 */
public final class LogQLParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    LogQLParseException(int line, int column, String detail) {
        super("parse error at line " + line + ", col " + column + ": " + detail);
        this.line = line;
        this.column = column;
    }

    /** A query-level error with no single position, in Loki's words. */
    LogQLParseException(String message) {
        super(message);
        this.line = 0;
        this.column = 0;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
