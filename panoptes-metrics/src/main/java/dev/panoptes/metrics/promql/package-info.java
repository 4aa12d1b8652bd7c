/**
 * The PromQL engine: {@link dev.panoptes.metrics.promql.PromqlEngine} evaluates parsed expressions
 * (from {@code promql.parser}) over any {@link dev.panoptes.metrics.storage.Queryable}, as instant
 * or range queries, and returns {@link dev.panoptes.metrics.promql.Value}s with Prometheus'
 * annotations. Depends on the storage interfaces and core, never on the TSDB, the receivers or
 * the HTTP API.
 */
package dev.panoptes.metrics.promql;
