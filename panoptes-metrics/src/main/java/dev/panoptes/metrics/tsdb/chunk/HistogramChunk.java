package dev.panoptes.metrics.tsdb.chunk;

import dev.panoptes.core.codec.BitWriter;
import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.histogram.Span;
import java.util.Arrays;

/**
 * A chunk of native histogram samples of one kind (integer or float counts), appended in place.
 * Timestamps are encoded as in {@link XorChunk}. The bucket layout (schema, zero threshold,
 * spans, custom bounds) is written only when it differs from the previous sample's, which for a
 * steady histogram is never after the first. Integer counts are written as varint differences
 * from the previous sample's, float counts XOR'd against them, so unchanged buckets cost one or
 * two bits.
 *
 * <p>Layout: a big-endian 16-bit sample count, one byte {@code 0} (integer) or {@code 1}
 * (float), then the samples (see docs/formats/histogram-chunk.md). Integer differences use
 * {@link VarbitInt}. A chunk made with start timestamps (encoding flag
 * {@code START_TIMESTAMPS}) ends each sample with its start ({@link StartTimestampCodec}).
 *
 * <p>Not thread-safe for writers; readers may decode the first {@link #count()} samples while a
 * writer appends, as with {@link XorChunk}.
 */
public final class HistogramChunk {


    private final BitWriter w = new BitWriter(64);
    private final boolean floats;
    private final boolean startTimestamps;
    private int count;
    private long t;
    private long start;
    private long tDelta;

    // The previous sample, against which the next one is encoded.
    private int schema;
    private long zeroThresholdBits;
    private Span[] positiveSpans;
    private Span[] negativeSpans;
    private double[] customValues;
    private long prevCount;
    private long prevZeroCount;
    /** Integer: bucket deltas as given; float: the raw bits of each count. */
    private long[] prevBuckets = new long[0];
    /** XOR windows: 0 count, 1 zero count, 2 sum, then one per bucket (floats only). */
    private int[] windows = new int[3];
    private long prevSumBits;

    public HistogramChunk(boolean floats) {
        this(floats, false);
    }

    /** A chunk whose samples carry start timestamps when {@code startTimestamps}. */
    public HistogramChunk(boolean floats, boolean startTimestamps) {
        this.floats = floats;
        this.startTimestamps = startTimestamps;
        w.writeBits(0, 16);
        w.writeBits(floats ? 1 : 0, 8);
    }

    public boolean isFloat() {
        return floats;
    }

    public boolean hasStartTimestamps() {
        return startTimestamps;
    }

    /** The encoding byte that names this chunk. */
    public byte encoding() {
        return ChunkEncoding.of(floats ? ChunkEncoding.FLOAT_HISTOGRAM : ChunkEncoding.HISTOGRAM, startTimestamps);
    }

    public int count() {
        return count;
    }

    public long lastTimestamp() {
        return t;
    }

    public byte[] bytes() {
        return w.buffer();
    }

    public int length() {
        return w.byteLength();
    }

    public byte[] toByteArray() {
        return w.toByteArray();
    }

    public void append(long timestamp, Histogram h) {
        append(0, timestamp, h);
    }

    /** Appends an integer histogram with its start timestamp ({@code 0} for none). */
    public void append(long startTimestamp, long timestamp, Histogram h) {
        if (floats) {
            throw new IllegalStateException("a float histogram chunk takes float histograms");
        }
        long[] buckets = concat(h.positiveBuckets(), h.negativeBuckets());
        appendTimestamp(startTimestamp, timestamp);
        boolean layoutChanged = writeLayout(h.schema(), h.zeroThreshold(), h.positiveSpans(), h.negativeSpans(), h.customValues());
        w.writeBits(h.counterResetHint().ordinal(), 2);
        VarbitInt.write(w, h.count() - prevCount);
        VarbitInt.write(w, h.zeroCount() - prevZeroCount);
        long sumBits = Double.doubleToRawLongBits(h.sum());
        windows[2] = XorValueCodec.write(w, prevSumBits, sumBits, count == 0 ? XorValueCodec.NO_WINDOW : windows[2]);
        for (int i = 0; i < buckets.length; i++) {
            VarbitInt.write(w, layoutChanged ? buckets[i] : buckets[i] - prevBuckets[i]);
        }
        prevCount = h.count();
        prevZeroCount = h.zeroCount();
        prevSumBits = sumBits;
        prevBuckets = buckets;
        finish(startTimestamp, timestamp);
    }

    public void append(long timestamp, FloatHistogram h) {
        append(0, timestamp, h);
    }

    /** Appends a float histogram with its start timestamp ({@code 0} for none). */
    public void append(long startTimestamp, long timestamp, FloatHistogram h) {
        if (!floats) {
            throw new IllegalStateException("an integer histogram chunk takes integer histograms");
        }
        double[] pos = h.positiveBuckets();
        double[] neg = h.negativeBuckets();
        appendTimestamp(startTimestamp, timestamp);
        boolean layoutChanged = writeLayout(h.schema(), h.zeroThreshold(), h.positiveSpans(), h.negativeSpans(), h.customValues());
        w.writeBits(h.counterResetHint().ordinal(), 2);
        if (count == 0) {
            Arrays.fill(windows, XorValueCodec.NO_WINDOW);
        }
        long countBits = Double.doubleToRawLongBits(h.count());
        long zeroBits = Double.doubleToRawLongBits(h.zeroCount());
        long sumBits = Double.doubleToRawLongBits(h.sum());
        windows[0] = XorValueCodec.write(w, prevCount, countBits, windows[0]);
        windows[1] = XorValueCodec.write(w, prevZeroCount, zeroBits, windows[1]);
        windows[2] = XorValueCodec.write(w, prevSumBits, sumBits, windows[2]);
        int n = pos.length + neg.length;
        if (layoutChanged) {
            prevBuckets = new long[n];
            windows = Arrays.copyOf(windows, 3 + n);
            Arrays.fill(windows, 3, 3 + n, XorValueCodec.NO_WINDOW);
        }
        for (int i = 0; i < n; i++) {
            double v = i < pos.length ? pos[i] : neg[i - pos.length];
            long bits = Double.doubleToRawLongBits(v);
            windows[3 + i] = XorValueCodec.write(w, prevBuckets[i], bits, windows[3 + i]);
            prevBuckets[i] = bits;
        }
        prevCount = countBits;
        prevZeroCount = zeroBits;
        prevSumBits = sumBits;
        finish(startTimestamp, timestamp);
    }

    private void appendTimestamp(long startTimestamp, long timestamp) {
        if (count >= XorChunk.MAX_SAMPLES) {
            throw new IllegalStateException("chunk is full");
        }
        if (startTimestamp != 0 && !startTimestamps) {
            throw new IllegalArgumentException("this chunk has no start timestamps");
        }
        tDelta = TimestampCodec.write(w, count, t, tDelta, timestamp);
    }

    /** Writes a one-bit "same layout" or the new layout; returns whether it changed. */
    private boolean writeLayout(int newSchema, double zeroThreshold, Span[] pos, Span[] neg, double[] custom) {
        long thresholdBits = Double.doubleToRawLongBits(zeroThreshold);
        boolean same = count > 0
                && newSchema == schema
                && thresholdBits == zeroThresholdBits
                && Arrays.equals(pos, positiveSpans)
                && Arrays.equals(neg, negativeSpans)
                && Arrays.equals(custom, customValues);
        if (same) {
            w.writeBit(false);
            return false;
        }
        w.writeBit(true);
        w.writeVarint(newSchema);
        w.writeBits(thresholdBits, 64);
        w.writeUvarint(custom.length);
        for (double bound : custom) {
            w.writeBits(Double.doubleToRawLongBits(bound), 64);
        }
        writeSpans(pos);
        writeSpans(neg);
        schema = newSchema;
        zeroThresholdBits = thresholdBits;
        positiveSpans = pos.clone();
        negativeSpans = neg.clone();
        customValues = custom.clone();
        return true;
    }

    private void writeSpans(Span[] spans) {
        w.writeUvarint(spans.length);
        for (Span span : spans) {
            w.writeVarint(span.offset());
            w.writeUvarint(span.length());
        }
    }

    private void finish(long startTimestamp, long timestamp) {
        if (startTimestamps) {
            StartTimestampCodec.write(w, count, start, t, startTimestamp, timestamp);
            start = startTimestamp;
        }
        t = timestamp;
        count++;
        byte[] buf = w.buffer();
        buf[0] = (byte) (count >>> 8);
        buf[1] = (byte) count;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Whether an encoded histogram chunk holds float histograms. */
    public static boolean isFloat(byte[] chunk, int offset) {
        return chunk[offset + 2] != 0;
    }

    static CounterResetHint hint(int ordinal) {
        return CounterResetHint.values()[ordinal & 3];
    }

}
