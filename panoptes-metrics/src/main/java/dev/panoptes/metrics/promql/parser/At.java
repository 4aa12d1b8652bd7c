package dev.panoptes.metrics.promql.parser;

/**
 * An {@code @} modifier: a fixed timestamp, or the query's {@code start()} or {@code end()}.
 * {@code millis} is meaningful only for {@link Kind#TIMESTAMP}.
 */
public record At(Kind kind, long millis) {

    /** Which instant the modifier pins evaluation to. */
    public enum Kind { TIMESTAMP, START, END }
}
