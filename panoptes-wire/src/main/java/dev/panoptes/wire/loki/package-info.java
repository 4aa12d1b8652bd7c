/**
 * Loki's push format: {@code logproto.PushRequest} protobuf read by hand (it is the hot path of
 * log ingestion) and the JSON form, both streamed into a {@link dev.panoptes.wire.loki.LokiPushSink};
 * {@link dev.panoptes.wire.loki.LokiLabelParser} reads stream label strings such as
 * {@code {app="api"}}. Depends on core (labels) and the shared protobuf reader.
 */
package dev.panoptes.wire.loki;
