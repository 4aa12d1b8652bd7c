package dev.panoptes.metrics.tsdb.chunk;

import dev.panoptes.core.codec.BitReader;
import dev.panoptes.core.codec.CorruptDataException;

/**
 * Decodes an {@link XorChunk} one sample at a time, without allocating. Reusable across chunks
 * through {@link #reset}.
 */
public final class XorIterator {

    private final BitReader r = new BitReader();
    private final long[] valueState = new long[2];
    private boolean startTimestamps;
    private long start;
    private int total;
    private int read;
    private long t;
    private long tDelta;

    /** Iterates the chunk at {@code bytes[offset, offset + length)}, all samples its header counts. */
    public XorIterator reset(byte[] bytes, int offset, int length) {
        return reset(bytes, offset, length, XorChunk.countOf(bytes, offset));
    }

    /** Iterates only the first {@code samples} samples (for a chunk still being appended to). */
    public XorIterator reset(byte[] bytes, int offset, int length, int samples) {
        return reset(bytes, offset, length, samples, false);
    }

    /** As {@link #reset(byte[], int, int, int)} for a chunk whose samples carry start timestamps when {@code startTimestamps}. */
    public XorIterator reset(byte[] bytes, int offset, int length, int samples, boolean startTimestamps) {
        r.reset(bytes, offset + 2, length - 2);
        total = samples;
        read = 0;
        start = 0;
        this.startTimestamps = startTimestamps;
        return this;
    }

    /**
     * Advances to the next sample.
     *
     * @return false at the end of the chunk
     * @throws CorruptDataException if the chunk ends before its samples do
     */
    public boolean next() {
        if (read >= total) {
            return false;
        }
        long previousT = t;
        if (read == 0) {
            t = readVarint(true);
            valueState[0] = r.readBits(64);
            valueState[1] = XorValueCodec.NO_WINDOW;
        } else if (read == 1) {
            tDelta = readVarint(false);
            t += tDelta;
            XorValueCodec.read(r, valueState);
        } else {
            tDelta += TimestampCodec.readDod(r);
            t += tDelta;
            XorValueCodec.read(r, valueState);
        }
        if (startTimestamps) {
            start = StartTimestampCodec.read(r, read, start, previousT, t);
        }
        if (r.overrun()) {
            read = total;
            throw new CorruptDataException("chunk ends before its " + total + " samples");
        }
        read++;
        return true;
    }

    private long readVarint(boolean signed) {
        return signed ? r.readVarint() : r.readUvarint();
    }

    public long t() {
        return t;
    }

    /** The start timestamp of the current sample; 0 when it has none. */
    public long st() {
        return start;
    }

    public double v() {
        return Double.longBitsToDouble(valueState[0]);
    }
}
