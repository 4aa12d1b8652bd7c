package dev.panoptes.metrics.promql;

/**
 * A query that could not be evaluated. The message is Prometheus' plain engine message (no
 * position), e.g. {@code vector cannot contain metrics with the same labelset}.
 */
public final class QueryException extends RuntimeException {

    private final ErrorType type;

    public QueryException(ErrorType type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }
}
