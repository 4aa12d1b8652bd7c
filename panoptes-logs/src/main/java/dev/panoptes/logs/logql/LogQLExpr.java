package dev.panoptes.logs.logql;

/**
 * A parsed LogQL query: either a log query ({@link LogSelectorExpr}: a stream selector and its
 * pipeline, answering with log lines) or a metric query ({@link MetricExpr}, answering with
 * samples). {@link LogQLParser#parse} builds these; {@link #toString()} prints canonical LogQL
 * that {@link LogQLParser#parse} reads back to an equal expression.
 *
 * <p>Every implementation is an immutable record whose lists are unmodifiable copies; the parser
 * has validated what Loki validates at parse time, so evaluators may trust the invariants stated
 * on each record.
 */
public sealed interface LogQLExpr permits LogSelectorExpr, MetricExpr {
}
