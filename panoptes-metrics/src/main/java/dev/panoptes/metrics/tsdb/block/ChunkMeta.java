package dev.panoptes.metrics.tsdb.block;

/**
 * Where one chunk of a block series lives: its time range, its encoding, and the byte range of
 * its entry in a chunk segment.
 */
record ChunkMeta(long minTime, long maxTime, byte encoding, int segment, long offset, int length) {
}
