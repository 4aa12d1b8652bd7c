/**
 * LogQL: the sealed AST of Loki 3's query language ({@link dev.panoptes.logs.logql.LogQLExpr}, the
 * contract evaluators switch on), a hand-written parser with Loki-style errors
 * ({@link dev.panoptes.logs.logql.LogQLParser}) whose trees print back as canonical LogQL, the
 * compiled pipeline every entry of a query goes through ({@link dev.panoptes.logs.logql.LogPipeline}:
 * line filters, parsers, label filters, formatters, with Loki's semantics and error labels) and the
 * engine that runs log queries over a {@link dev.panoptes.logs.store.LogReader}
 * ({@link dev.panoptes.logs.logql.LogQueryEngine}) and metric queries
 * ({@link dev.panoptes.logs.logql.MetricQueryEngine}: range aggregations computed here, the operators
 * above them by PromQL's {@code VectorOperations}). Depends on the store's reading interface, the
 * template engine ({@code logql.template}), core and that one interface of {@code panoptes-metrics};
 * never on the concrete store, ingestion or the API.
 */
package dev.panoptes.logs.logql;
