package dev.panoptes.metrics.tsdb.block;

/**
 * Where one chunk of a block series lives: its time range, its encoding, and the byte range of
 * the segment entry that holds it. That entry is the chunk itself, or, when {@code inPage >= 0},
 * a page of many series' chunks compressed together, in whose decompressed bytes the chunk is
 * {@code [inPage, inPage + inPageLength)}.
 */
record ChunkMeta(long minTime, long maxTime, byte encoding, int segment, long offset, int length, int inPage, int inPageLength) {

    /** A chunk stored as an entry of its own. */
    ChunkMeta(long minTime, long maxTime, byte encoding, int segment, long offset, int length) {
        this(minTime, maxTime, encoding, segment, offset, length, -1, 0);
    }

    boolean paged() {
        return inPage >= 0;
    }
}
