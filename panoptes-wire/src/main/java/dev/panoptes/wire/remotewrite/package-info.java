/**
 * Prometheus remote write 1.0 ({@code prometheus.WriteRequest}) and 2.0
 * ({@code io.prometheus.write.v2.Request}) decoding. The protobuf is read by hand, streaming,
 * straight into a {@link dev.panoptes.wire.remotewrite.RemoteWriteSink}: no object per sample,
 * label strings interned across the request, every malformation reported as a
 * {@link dev.panoptes.wire.remotewrite.RemoteWriteFormatException} naming what is wrong.
 */
package dev.panoptes.wire.remotewrite;
