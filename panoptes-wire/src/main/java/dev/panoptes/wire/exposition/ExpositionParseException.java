package dev.panoptes.wire.exposition;

/**
 * An exposition that does not parse: for text, with the 1-based line and column so that a user
 * can find it in a file of millions of lines; for the protobuf format, with line and column 0 and
 * a message naming the metric family and byte instead.
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

    /** A malformation of a binary exposition, located by its message. */
    public ExpositionParseException(String message) {
        super(message);
        this.line = 0;
        this.column = 0;
    }

    public long line() {
        return line;
    }

    public int column() {
        return column;
    }
}
