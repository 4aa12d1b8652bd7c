package dev.panoptes.metrics.tsdb.chunk;

/**
 * The encoding byte that names a chunk's format wherever chunks are stored. Values are part of
 * the on-disk formats: never renumber, only add.
 *
 * <p>The low nibble names the sample format; the bit {@link #START_TIMESTAMPS} says that each
 * sample also carries its start timestamp (docs/formats/start-timestamps.md). Chunks of series
 * without start timestamps never set it, so their bytes are exactly what they were before start
 * timestamps existed.
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
    /** Flag: the chunk has a start-timestamp column. */
    public static final byte START_TIMESTAMPS = 0x10;

    private ChunkEncoding() {
    }

    /** The sample format of {@code encoding}, without the start-timestamp flag. */
    public static byte format(byte encoding) {
        return (byte) (encoding & ~START_TIMESTAMPS);
    }

    public static boolean hasStartTimestamps(byte encoding) {
        return (encoding & START_TIMESTAMPS) != 0;
    }

    /** {@code format} with the start-timestamp flag set when {@code startTimestamps}. */
    public static byte of(byte format, boolean startTimestamps) {
        return startTimestamps ? (byte) (format | START_TIMESTAMPS) : format;
    }
}
