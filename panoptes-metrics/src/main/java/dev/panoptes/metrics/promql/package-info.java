/**
 * The PromQL engine: {@link dev.panoptes.metrics.promql.PromqlEngine} evaluates parsed expressions
 * (from {@code promql.parser}) over any {@link dev.panoptes.metrics.storage.Queryable}, as instant
 * or range queries, and returns {@link dev.panoptes.metrics.promql.Value}s with Prometheus'
 * annotations. {@link dev.panoptes.metrics.promql.VectorOperations} (over
 * {@link dev.panoptes.metrics.promql.StepSeries}) is the small public interface through which
 * another query language (LogQL) applies the same aggregations and binary operators to series it
 * computed itself; everything else here stays package-private. Depends on the storage interfaces and core, never on the TSDB, the receivers or
 * the HTTP API.
 */
package dev.panoptes.metrics.promql;
