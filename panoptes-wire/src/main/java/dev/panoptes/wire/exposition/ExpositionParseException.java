package dev.panoptes.wire.exposition;

/**
 * A line of exposition text that does not parse, with its 1-based line and column so that a
 * user can find it in a file of millions of lines.
 */
public final class ExpositionParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long line;
    private final int column;

    public ExpositionParseException(long line, int column, String message) {
        super("line " + line + ", column " + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    public long line() {
        return line;
    }

    public int column() {
        return column;
    }
}
