package dev.panoptes.metrics.promql.parser;

/**
 * A query that is not valid PromQL. The message has Prometheus' shape, {@code
 * <line>:<column>: parse error: <what>}, with a 1-based line and a 1-based byte column of the
 * offending position, so that clients which show Prometheus errors show ours alike.
 */
public final class ParseException extends RuntimeException {

    private final int position;
    private final String detail;

    /** {@code charIndex} is an index into the query string; it is reported as a byte offset. */
    ParseException(String query, int charIndex, String detail) {
        super(ParsedQuery.lineColumn(query, toByteOffset(query, charIndex)) + ": parse error: " + detail);
        this.position = toByteOffset(query, charIndex);
        this.detail = detail;
    }

    /** The byte offset (in the query's UTF-8 bytes) where the error was found. */
    public int position() {
        return position;
    }

    /** The message without the position prefix. */
    public String detail() {
        return detail;
    }

    private static int toByteOffset(String query, int charIndex) {
        int[] offsets = ParsedQuery.byteOffsets(query);
        int clamped = Math.max(0, Math.min(charIndex, query.length()));
        return offsets == null ? clamped : offsets[clamped];
    }
}
