/**
 * Log ingestion: {@link dev.panoptes.logs.ingest.LokiPushService} ({@code POST /loki/api/v1/push},
 * JSON or snappy protobuf, gzip or deflate) and the OTLP logs receivers
 * ({@link dev.panoptes.logs.ingest.OtlpLogsService} over HTTP,
 * {@link dev.panoptes.logs.ingest.OtlpGrpcLogsService} over gRPC), each validating every stream
 * and entry against the tenant's {@link dev.panoptes.logs.ingest.LogLimits} and storing what
 * passes through one {@link dev.panoptes.logs.ingest.LogIngester}. Depends on the store and on
 * the wire decoders; never on LogQL or the query API.
 */
package dev.panoptes.logs.ingest;
