package dev.panoptes.metrics.tsdb.chunk;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.tombstone.Intervals;

/**
 * Iterates the samples of one series within {@code [mint, maxt]} across a list of its chunks
 * of any encoding, in time order. {@link #seek} skips whole chunks by their end time before
 * decoding. Used for head series and block series alike. Histograms carry the counter-reset
 * hint queries see ({@link HistogramIterator#queryHint}), not the stored one.
 *
 * <p>Not thread-safe; reusable through {@link #reset}.
 */
public final class ChunkListIterator implements SampleIterator {

    private final XorIterator floats = new XorIterator();
    private final HistogramIterator histograms = new HistogramIterator();
    /** The type of the samples of the chunk being decoded. */
    private ValueType chunkType = ValueType.NONE;
    /** A dense chunk is decoded whole into these arrays. */
    private boolean dense;
    private long[] denseTimes = new long[0];
    private double[] denseValues = new double[0];
    /** Start timestamps of the dense chunk; null when it has none. */
    private long[] denseStarts;
    private long[] denseStartsBuffer = new long[0];
    private int denseCount;
    private int denseIndex;
    private ChunkList chunks = ChunkList.EMPTY;
    private Intervals deleted;
    private long mint;
    private long maxt;
    /** Index of the chunk being decoded; -1 before the first. */
    private int current;
    private ValueType state;

    public ChunkListIterator reset(ChunkList snapshot, long mint, long maxt) {
        return reset(snapshot, mint, maxt, Intervals.NONE);
    }

    /** As {@link #reset(ChunkList, long, long)}, skipping samples in {@code deleted}. */
    public ChunkListIterator reset(ChunkList snapshot, long mint, long maxt, Intervals deleted) {
        this.deleted = deleted.isEmpty() ? null : deleted;
        this.chunks = snapshot;
        this.mint = mint;
        this.maxt = maxt;
        this.current = -1;
        this.state = null;
        return this;
    }

    @Override
    public ValueType next() {
        if (state == ValueType.NONE) {
            return state;
        }
        if (state == null) {
            return seek(mint);
        }
        return advance();
    }

    /** Moves to the next decoded sample, opening the next chunk as needed, within bounds. */
    private ValueType advance() {
        while (true) {
            if (current >= 0 && current < chunks.size() && decodeNext()) {
                long t = t();
                if (t > maxt) {
                    return state = ValueType.NONE;
                }
                if (deleted != null && deleted.contains(t)) {
                    continue;
                }
                return state = chunkType;
            }
            if (!openChunk(current + 1)) {
                return state = ValueType.NONE;
            }
        }
    }

    private boolean openChunk(int index) {
        if (index >= chunks.size()) {
            current = chunks.size();
            return false;
        }
        current = index;
        byte encoding = chunks.encodings()[index];
        byte format = ChunkEncoding.format(encoding);
        boolean starts = ChunkEncoding.hasStartTimestamps(encoding);
        dense = format == ChunkEncoding.DENSE_FLOAT;
        if (dense) {
            int n = chunks.counts()[index];
            if (denseTimes.length < n) {
                denseTimes = new long[n];
                denseValues = new double[n];
            }
            if (starts && denseStartsBuffer.length < n) {
                denseStartsBuffer = new long[n];
            }
            denseStarts = starts ? denseStartsBuffer : null;
            denseCount = DenseFloatChunk.decode(chunks.bytes()[index], 0, chunks.lengths()[index], denseTimes, denseValues, denseStarts);
            denseIndex = -1;
            chunkType = ValueType.FLOAT;
        } else if (format == ChunkEncoding.XOR) {
            floats.reset(chunks.bytes()[index], 0, chunks.lengths()[index], chunks.counts()[index], starts);
            chunkType = ValueType.FLOAT;
        } else {
            histograms.reset(chunks.bytes()[index], 0, chunks.lengths()[index], chunks.counts()[index], starts);
            chunkType = format == ChunkEncoding.HISTOGRAM ? ValueType.HISTOGRAM : ValueType.FLOAT_HISTOGRAM;
        }
        return true;
    }

    private boolean decodeNext() {
        if (dense) {
            return ++denseIndex < denseCount;
        }
        return chunkType == ValueType.FLOAT ? floats.next() : histograms.next();
    }

    private long t() {
        if (dense) {
            return denseTimes[denseIndex];
        }
        return chunkType == ValueType.FLOAT ? floats.t() : histograms.t();
    }

    @Override
    public ValueType seek(long t) {
        if (state == ValueType.NONE) {
            return state;
        }
        t = Math.max(t, mint);
        if (state != null && t() >= t) {
            return state;
        }
        // Skip chunks that end before t without decoding them.
        int target = Math.max(current, 0);
        while (target < chunks.size() && chunks.maxTimes()[target] < t) {
            target++;
        }
        if (target != current) {
            if (!openChunk(target)) {
                return state = ValueType.NONE;
            }
        }
        while (true) {
            ValueType type = advance();
            if (type == ValueType.NONE || t() >= t) {
                return type;
            }
        }
    }

    @Override
    public long atT() {
        return t();
    }

    @Override
    public long atStartTimestamp() {
        if (dense) {
            return denseStarts == null ? 0 : denseStarts[denseIndex];
        }
        return chunkType == ValueType.FLOAT ? floats.st() : histograms.st();
    }

    @Override
    public double atFloat() {
        if (state != ValueType.FLOAT) {
            throw new IllegalStateException("the current sample is " + state + ", not a float");
        }
        return dense ? denseValues[denseIndex] : floats.v();
    }

    @Override
    public Histogram atHistogram(Histogram reuse) {
        if (state != ValueType.HISTOGRAM) {
            throw new IllegalStateException("the current sample is " + state + ", not an integer histogram");
        }
        return histograms.histogram(reuse).counterResetHint(histograms.queryHint());
    }

    @Override
    public FloatHistogram atFloatHistogram(FloatHistogram reuse) {
        if (state != ValueType.HISTOGRAM && state != ValueType.FLOAT_HISTOGRAM) {
            throw new IllegalStateException("the current sample is " + state + ", not a histogram");
        }
        return histograms.floatHistogram(reuse).counterResetHint(histograms.queryHint());
    }
}
