package dev.panoptes.metrics.tsdb.chunk;

/**
 * One encoded chunk handed to a block writer: its {@code ChunkEncoding}, time range,
 * sample count and bytes.
 */
public record EncodedChunk(byte encoding, long minTime, long maxTime, int samples, byte[] bytes, int offset, int length) {
}
