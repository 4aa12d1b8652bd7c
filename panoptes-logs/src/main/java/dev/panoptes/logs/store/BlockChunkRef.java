package dev.panoptes.logs.store;

/**
 * Where one flushed chunk of a stream lives: a byte range of a block's {@code chunks} object,
 * with the chunk's time range, entry count, uncompressed line bytes and where the n-gram filter
 * of its lines lies in the block's {@code blooms} object, so that a query fetches only the chunks
 * it needs and index statistics need none.
 *
 * @param lineBytes the UTF-8 bytes of the chunk's lines; blocks of index version 1 did not
 *     record it, and their refs carry the compressed {@code length} instead
 * @param bloomCoversMetadata whether the filter holds the metadata values too (index version 3)
 */
record BlockChunkRef(String chunksKey, long offset, int length, long minTime, long maxTime, int entries, long lineBytes,
                     StoredBlooms blooms, long bloomOffset, int bloomLength, boolean bloomCoversMetadata) {

    /** The chunk's filter, read from the block's {@code blooms} object. */
    ChunkBloom bloom() {
        return blooms.load(bloomOffset, bloomLength, bloomCoversMetadata);
    }
}
