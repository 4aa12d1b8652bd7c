package dev.panoptes.metrics.tsdb.chunk;

import dev.panoptes.core.codec.BitReader;
import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.histogram.Span;
import java.util.Arrays;

/**
 * Decodes a {@link HistogramChunk} one sample at a time. The current sample is read out with
 * {@link #histogram} or {@link #floatHistogram} into a caller's instance. Reusable through
 * {@link #reset}.
 */
public final class HistogramIterator {

    private final BitReader r = new BitReader();
    private boolean floats;
    private boolean startTimestamps;
    private long start;
    private int total;
    private int read;
    private long t;
    private long tDelta;

    private int schema;
    private double zeroThreshold;
    private Span[] positiveSpans = new Span[0];
    private Span[] negativeSpans = new Span[0];
    private double[] customValues = new double[0];
    private int positiveCount;
    private CounterResetHint hint = CounterResetHint.UNKNOWN;
    /** The stored hint of the chunk's first sample: a chunk holds gauges only or counters only. */
    private CounterResetHint firstHint = CounterResetHint.UNKNOWN;
    /** Integer: count, zero count; float: their raw bits. */
    private long countValue;
    private long zeroCountValue;
    private long sumBits;
    /** Integer: bucket deltas; float: raw bits of each count. */
    private long[] buckets = new long[0];
    private final long[] xorState = new long[2];
    private int[] windows = new int[3];

    public HistogramIterator reset(byte[] bytes, int offset, int length) {
        return reset(bytes, offset, length, XorChunk.countOf(bytes, offset));
    }

    public HistogramIterator reset(byte[] bytes, int offset, int length, int samples) {
        return reset(bytes, offset, length, samples, false);
    }

    /** As {@link #reset(byte[], int, int, int)} for a chunk whose samples carry start timestamps when {@code startTimestamps}. */
    public HistogramIterator reset(byte[] bytes, int offset, int length, int samples, boolean startTimestamps) {
        this.startTimestamps = startTimestamps;
        start = 0;
        floats = HistogramChunk.isFloat(bytes, offset);
        r.reset(bytes, offset + 3, length - 3);
        total = samples;
        read = 0;
        countValue = 0;
        zeroCountValue = 0;
        sumBits = 0;
        Arrays.fill(windows, XorValueCodec.NO_WINDOW);
        return this;
    }

    public boolean isFloat() {
        return floats;
    }

    public boolean next() {
        if (read >= total) {
            return false;
        }
        try {
            long previousT = t;
            readTimestamp();
            boolean layoutChanged = r.readBit();
            if (layoutChanged) {
                readLayout();
            }
            hint = HistogramChunk.hint((int) r.readBits(2));
            if (read == 0) {
                firstHint = hint;
            }
            if (floats) {
                readFloatCounts(layoutChanged);
            } else {
                readIntegerCounts(layoutChanged);
            }
            if (startTimestamps) {
                start = StartTimestampCodec.read(r, read, start, previousT, t);
            }
        } catch (RuntimeException e) {
            read = total;
            throw new CorruptDataException("histogram chunk does not decode: " + e.getMessage(), e);
        }
        if (r.overrun()) {
            read = total;
            throw new CorruptDataException("histogram chunk ends before its " + total + " samples");
        }
        read++;
        return true;
    }

    private void readTimestamp() {
        if (read == 0) {
            t = r.readVarint();
        } else if (read == 1) {
            tDelta = r.readUvarint();
            t += tDelta;
        } else {
            tDelta += TimestampCodec.readDod(r);
            t += tDelta;
        }
    }

    private void readLayout() {
        schema = (int) r.readVarint();
        zeroThreshold = Double.longBitsToDouble(r.readBits(64));
        int customCount = boundedCount(r.readUvarint());
        customValues = new double[customCount];
        for (int i = 0; i < customCount; i++) {
            customValues[i] = Double.longBitsToDouble(r.readBits(64));
        }
        positiveSpans = readSpans();
        negativeSpans = readSpans();
        positiveCount = bucketCount(positiveSpans);
        int n = positiveCount + bucketCount(negativeSpans);
        buckets = new long[n];
        windows = Arrays.copyOf(windows, 3 + n);
        Arrays.fill(windows, 3, 3 + n, XorValueCodec.NO_WINDOW);
    }

    private Span[] readSpans() {
        int n = boundedCount(r.readUvarint());
        Span[] spans = new Span[n];
        for (int i = 0; i < n; i++) {
            spans[i] = new Span((int) r.readVarint(), boundedCount(r.readUvarint()));
        }
        return spans;
    }

    private static int bucketCount(Span[] spans) {
        int n = 0;
        for (Span span : spans) {
            n += span.length();
        }
        if (n > 1 << 16) {
            throw new CorruptDataException("histogram with " + n + " buckets");
        }
        return n;
    }

    private int boundedCount(long n) {
        if (n < 0 || n > 1 << 16 || r.overrun()) {
            throw new CorruptDataException("count " + n + " out of range");
        }
        return (int) n;
    }

    private void readIntegerCounts(boolean layoutChanged) {
        countValue += VarbitInt.read(r);
        zeroCountValue += VarbitInt.read(r);
        xorState[0] = sumBits;
        xorState[1] = read == 0 ? XorValueCodec.NO_WINDOW : windows[2];
        XorValueCodec.read(r, xorState);
        sumBits = xorState[0];
        windows[2] = (int) xorState[1];
        for (int i = 0; i < buckets.length; i++) {
            long v = VarbitInt.read(r);
            buckets[i] = layoutChanged ? v : buckets[i] + v;
        }
    }

    private void readFloatCounts(boolean layoutChanged) {
        countValue = readXor(0, countValue);
        zeroCountValue = readXor(1, zeroCountValue);
        sumBits = readXor(2, sumBits);
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = readXor(3 + i, layoutChanged ? 0 : buckets[i]);
        }
    }

    private long readXor(int window, long previous) {
        xorState[0] = previous;
        xorState[1] = windows[window];
        XorValueCodec.read(r, xorState);
        windows[window] = (int) xorState[1];
        return xorState[0];
    }

    public long t() {
        return t;
    }

    /** The start timestamp of the current sample; 0 when it has none. */
    public long st() {
        return start;
    }

    /**
     * The counter-reset hint a query sees for the current sample, as Prometheus' storage yields
     * it: {@code GAUGE} throughout a chunk of gauge histograms; in a chunk of counter histograms
     * {@code UNKNOWN} for the first sample (whether the chunk before it still exists, or was
     * consecutive, cannot be known) and {@code NOT_COUNTER_RESET} for the others, because the
     * writer cuts a new chunk at every counter reset ({@link HistogramChunkCuts}).
     * {@link #histogram} and {@link #floatHistogram} return the hint as stored.
     */
    public CounterResetHint queryHint() {
        if (firstHint == CounterResetHint.GAUGE) {
            return CounterResetHint.GAUGE;
        }
        return read <= 1 ? CounterResetHint.UNKNOWN : CounterResetHint.NOT_COUNTER_RESET;
    }

    /** The current sample of an integer chunk (with its stored hint), written into {@code into}. */
    public Histogram histogram(Histogram into) {
        if (floats) {
            throw new IllegalStateException("a float histogram chunk has no integer histograms");
        }
        Histogram h = into == null ? new Histogram() : into;
        return h.counterResetHint(hint).schema(schema).zeroThreshold(zeroThreshold).zeroCount(zeroCountValue).count(countValue)
                .sum(Double.longBitsToDouble(sumBits))
                .positiveSpans(positiveSpans.clone()).negativeSpans(negativeSpans.clone()).customValues(customValues.clone())
                .positiveBuckets(Arrays.copyOfRange(buckets, 0, positiveCount))
                .negativeBuckets(Arrays.copyOfRange(buckets, positiveCount, buckets.length));
    }

    /** The current sample as a float histogram (either kind of chunk), written into {@code into}. */
    public FloatHistogram floatHistogram(FloatHistogram into) {
        FloatHistogram h = into == null ? new FloatHistogram() : into;
        if (!floats) {
            return histogram(null).toFloat(h);
        }
        double[] pos = new double[positiveCount];
        double[] neg = new double[buckets.length - positiveCount];
        for (int i = 0; i < buckets.length; i++) {
            double v = Double.longBitsToDouble(buckets[i]);
            if (i < positiveCount) {
                pos[i] = v;
            } else {
                neg[i - positiveCount] = v;
            }
        }
        return h.counterResetHint(hint).schema(schema).zeroThreshold(zeroThreshold)
                .zeroCount(Double.longBitsToDouble(zeroCountValue)).count(Double.longBitsToDouble(countValue))
                .sum(Double.longBitsToDouble(sumBits))
                .positiveSpans(positiveSpans.clone()).negativeSpans(negativeSpans.clone()).customValues(customValues.clone())
                .positiveBuckets(pos).negativeBuckets(neg);
    }
}
