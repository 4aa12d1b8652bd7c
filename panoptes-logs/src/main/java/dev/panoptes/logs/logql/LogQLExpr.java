package dev.panoptes.logs.logql;

/**
 * A parsed LogQL expression. Today the one kind is a log query ({@link LogSelectorExpr}: a stream
 * selector and its pipeline); metric queries join this hierarchy as they are supported.
 * {@link #toString()} prints the expression in canonical LogQL, which parses back to an equal
 * expression.
 *
 * <p>Implementations are immutable records.
 */
public sealed interface LogQLExpr permits LogSelectorExpr {
}
