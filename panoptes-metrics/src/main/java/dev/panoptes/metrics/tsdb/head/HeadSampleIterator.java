package dev.panoptes.metrics.tsdb.head;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.chunk.XorIterator;

/**
 * Iterates the samples of one head series within {@code [mint, maxt]} across its captured
 * chunks. {@link #seek} skips whole chunks by their end time before decoding.
 *
 * <p>Not thread-safe; reusable through {@link #reset}.
 */
final class HeadSampleIterator implements SampleIterator {

    private final XorIterator chunk = new XorIterator();
    private MemSeries.ChunkSnapshot chunks = MemSeries.ChunkSnapshot.EMPTY;
    private long mint;
    private long maxt;
    /** Index of the chunk being decoded; -1 before the first. */
    private int current;
    private ValueType state;

    HeadSampleIterator reset(MemSeries.ChunkSnapshot snapshot, long mint, long maxt) {
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
            if (current >= 0 && chunk.next()) {
                if (chunk.t() > maxt) {
                    return state = ValueType.NONE;
                }
                return state = ValueType.FLOAT;
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
        chunk.reset(chunks.bytes()[index], 0, chunks.lengths()[index], chunks.counts()[index]);
        return true;
    }

    @Override
    public ValueType seek(long t) {
        if (state == ValueType.NONE) {
            return state;
        }
        t = Math.max(t, mint);
        if (state != null && chunk.t() >= t) {
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
            if (type == ValueType.NONE || chunk.t() >= t) {
                return type;
            }
        }
    }

    @Override
    public long atT() {
        return chunk.t();
    }

    @Override
    public double atFloat() {
        return chunk.v();
    }

    @Override
    public Histogram atHistogram(Histogram reuse) {
        throw new IllegalStateException("the current sample is a float");
    }

    @Override
    public FloatHistogram atFloatHistogram(FloatHistogram reuse) {
        throw new IllegalStateException("the current sample is a float");
    }
}
