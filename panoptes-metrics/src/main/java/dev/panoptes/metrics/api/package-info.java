/**
 * The Prometheus HTTP API ({@code /api/v1/...}, also under {@code /prometheus/api/v1/...}) over
 * the PromQL engine and the storage interfaces: request parameters, JSON in Prometheus' exact
 * shape, error types and status codes, per-tenant query concurrency and cancellation.
 *
 * <p>Depends on {@code promql}, {@code storage} and core; never on the TSDB or the receivers.
 */
package dev.panoptes.metrics.api;
