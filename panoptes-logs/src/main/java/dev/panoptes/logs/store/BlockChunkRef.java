package dev.panoptes.logs.store;

/**
 * Where one flushed chunk of a stream lives: a byte range of a block's {@code chunks} object,
 * with the chunk's time range, entry count, line bytes (0 when the block's index predates them)
 * and the n-gram filter of its lines, so that a query fetches only the chunks it needs.
 */
record BlockChunkRef(String chunksKey, long offset, int length, long minTime, long maxTime, int entries, long lineBytes, ChunkBloom bloom) {
}
