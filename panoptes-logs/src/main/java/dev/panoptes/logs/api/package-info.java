/**
 * Loki's HTTP query API: {@link dev.panoptes.logs.api.LokiHttpApi} registers
 * {@code /loki/api/v1/query_range}, {@code /query}, {@code /labels}, {@code /label/<name>/values},
 * {@code /series}, the index endpoints, {@code /detected_labels}, {@code /detected_fields}, {@code /patterns} and the
 * WebSocket {@code /tail}, enforces the query limits, reads Loki's parameters (times in
 * nanoseconds, seconds or RFC3339) and answers in Loki's JSON shapes (streams, matrix, vector, scalar, with {@code stats}) and status codes. Depends on LogQL and the store's reading
 * interface; never on the concrete store or on ingestion.
 */
package dev.panoptes.logs.api;
