package dev.panoptes.metrics.promql.parser;

/**
 * A query that is not valid PromQL. The message has Prometheus' shape, {@code
 * <line>:<column>: parse error: <what>}, with a 1-based line and column of the offending
 * position, so that clients which show Prometheus errors show ours alike.
 */
public final class ParseException extends RuntimeException {

    private final int position;
    private final String detail;

    ParseException(String query, int position, String detail) {
        super(location(query, position) + ": parse error: " + detail);
        this.position = position;
        this.detail = detail;
    }

    /** The byte offset in the query where the error was found. */
    public int position() {
        return position;
    }

    /** The message without the position prefix. */
    public String detail() {
        return detail;
    }

    private static String location(String query, int position) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(position, query.length());
        for (int i = 0; i < end; i++) {
            if (query.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return line + ":" + (position - lineStart + 1);
    }
}
