package dev.panoptes.metrics.tsdb.chunk;

/**
 * The encoding byte that names a chunk's format wherever chunks are stored. Values are part of
 * the on-disk formats: never renumber, only add.
 */
public final class ChunkEncoding {

    /** Floats, {@link XorChunk}. */
    public static final byte XOR = 1;
    /** Integer native histograms, {@link HistogramChunk}. */
    public static final byte HISTOGRAM = 2;
    /** Float native histograms, {@link HistogramChunk}. */
    public static final byte FLOAT_HISTOGRAM = 3;
    /** Floats in persisted blocks, {@link DenseFloatChunk}. */
    public static final byte DENSE_FLOAT = 4;

    private ChunkEncoding() {
    }
}
