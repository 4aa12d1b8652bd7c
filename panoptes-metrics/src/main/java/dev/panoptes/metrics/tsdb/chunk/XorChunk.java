package dev.panoptes.metrics.tsdb.chunk;

import dev.panoptes.core.codec.BitWriter;

/**
 * A chunk of float samples in the Gorilla encoding, appended to in place. Layout: a big-endian
 * 16-bit sample count, then the first timestamp as a signed varint and the first value as 64
 * raw bits, the second timestamp as an unsigned varint delta, and from the third on a
 * delta-of-delta timestamp ({@link TimestampCodec}); every value after the first is XOR-encoded
 * ({@link XorValueCodec}). A chunk made {@linkplain #XorChunk(int, boolean) with start timestamps}
 * (encoding {@code XOR | START_TIMESTAMPS}) follows each sample with its start
 * ({@link StartTimestampCodec}); one without has no such bits at all.
 *
 * <p>Written by hand because it is the product's core encoding: at one sample every few seconds
 * per series this is where almost all bytes go, and it must append without allocating.
 *
 * <p>Not thread-safe for writers. A reader may decode the first {@link #count()} samples of
 * {@link #bytes()} concurrently with a writer if it captured both under the same lock the writer
 * holds: appends only add bits after those samples.
 */
public final class XorChunk {

    /** Chunks hold at most this many samples, which also bounds the 16-bit count. */
    public static final int MAX_SAMPLES = 0xFFFF;

    private final BitWriter w;
    private final boolean startTimestamps;
    private int count;
    private long t;
    private long start;
    private long tDelta;
    private long valueBits;
    private int window = XorValueCodec.NO_WINDOW;

    public XorChunk() {
        this(32, false);
    }

    public XorChunk(int initialBytes) {
        this(initialBytes, false);
    }

    /** A chunk whose samples carry start timestamps when {@code startTimestamps}. */
    public XorChunk(int initialBytes, boolean startTimestamps) {
        w = new BitWriter(initialBytes);
        w.writeBits(0, 16);
        this.startTimestamps = startTimestamps;
    }

    public void append(long timestamp, double value) {
        append(0, timestamp, value);
    }

    /**
     * Appends a sample with its start timestamp ({@code 0} for none).
     *
     * @throws IllegalArgumentException for a start on a chunk without start timestamps
     */
    public void append(long startTimestamp, long timestamp, double value) {
        if (count >= MAX_SAMPLES) {
            throw new IllegalStateException("chunk is full");
        }
        if (startTimestamp != 0 && !startTimestamps) {
            throw new IllegalArgumentException("this chunk has no start timestamps");
        }
        long bits = Double.doubleToRawLongBits(value);
        tDelta = TimestampCodec.write(w, count, t, tDelta, timestamp);
        if (count == 0) {
            w.writeBits(bits, 64);
        } else {
            window = XorValueCodec.write(w, valueBits, bits, window);
        }
        if (startTimestamps) {
            StartTimestampCodec.write(w, count, start, t, startTimestamp, timestamp);
            start = startTimestamp;
        }
        t = timestamp;
        valueBits = bits;
        count++;
        byte[] buf = w.buffer();
        buf[0] = (byte) (count >>> 8);
        buf[1] = (byte) count;
    }

    public int count() {
        return count;
    }

    /** Whether samples carry start timestamps: the chunk's encoding is {@code XOR | START_TIMESTAMPS}. */
    public boolean hasStartTimestamps() {
        return startTimestamps;
    }

    /** The encoding byte that names this chunk. */
    public byte encoding() {
        return ChunkEncoding.of(ChunkEncoding.XOR, startTimestamps);
    }

    /** The timestamp of the last sample; undefined when empty. */
    public long lastTimestamp() {
        return t;
    }

    /** The raw bits of the last value; undefined when empty. */
    public long lastValueBits() {
        return valueBits;
    }

    /** The backing array, valid up to {@link #length()}; replaced as the chunk grows. */
    public byte[] bytes() {
        return w.buffer();
    }

    public int length() {
        return w.byteLength();
    }

    /** A trimmed copy of the encoded chunk. */
    public byte[] toByteArray() {
        return w.toByteArray();
    }

    /** The number of samples in an encoded chunk, from its header. */
    public static int countOf(byte[] chunk, int offset) {
        return (chunk[offset] & 0xFF) << 8 | (chunk[offset + 1] & 0xFF);
    }
}
