package dev.panoptes.metrics.tsdb.head;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.tombstone.Intervals;

/**
 * Merges a series' in-order samples with its out-of-order samples into one time-ordered
 * stream. Out-of-order samples are floats, already limited to the query range; deleted ones are
 * skipped here, in-order deleted ones by the wrapped iterator.
 *
 * <p>Not thread-safe.
 */
final class OutOfOrderMergeIterator implements SampleIterator {

    private final SampleIterator inOrder;
    private final long[] oooTimes;
    private final double[] oooValues;
    /** Null when no out-of-order sample has a start timestamp. */
    private final long[] oooStarts;
    private final Intervals deleted;
    private ValueType inType;
    private int ooo = -1;
    private boolean fromOoo;
    private ValueType state;

    OutOfOrderMergeIterator(SampleIterator inOrder, OutOfOrderSamples.Slice slice, Intervals deleted) {
        this.inOrder = inOrder;
        this.oooTimes = slice.times();
        this.oooValues = slice.values();
        this.oooStarts = slice.starts();
        this.deleted = deleted;
    }

    private void advanceOoo() {
        do {
            ooo++;
        } while (ooo < oooTimes.length && deleted.contains(oooTimes[ooo]));
    }

    @Override
    public ValueType next() {
        if (state == null) {
            inType = inOrder.next();
            advanceOoo();
        } else if (state == ValueType.NONE) {
            return state;
        } else if (fromOoo) {
            advanceOoo();
        } else {
            inType = inOrder.next();
        }
        return pick();
    }

    private ValueType pick() {
        boolean haveOoo = ooo < oooTimes.length;
        if (inType == ValueType.NONE && !haveOoo) {
            return state = ValueType.NONE;
        }
        if (haveOoo && (inType == ValueType.NONE || oooTimes[ooo] < inOrder.atT())) {
            fromOoo = true;
            return state = ValueType.FLOAT;
        }
        fromOoo = false;
        return state = inType;
    }

    @Override
    public ValueType seek(long t) {
        if (state == null) {
            inType = inOrder.seek(t);
            advanceOoo();
        } else if (state == ValueType.NONE || atT() >= t) {
            return state;
        } else {
            inType = inOrder.seek(t);
        }
        while (ooo < oooTimes.length && oooTimes[ooo] < t) {
            advanceOoo();
        }
        return pick();
    }

    @Override
    public long atT() {
        return fromOoo ? oooTimes[ooo] : inOrder.atT();
    }

    @Override
    public long atStartTimestamp() {
        if (fromOoo) {
            return oooStarts == null ? 0 : oooStarts[ooo];
        }
        return inOrder.atStartTimestamp();
    }

    @Override
    public double atFloat() {
        return fromOoo ? oooValues[ooo] : inOrder.atFloat();
    }

    @Override
    public Histogram atHistogram(Histogram reuse) {
        return inOrder.atHistogram(reuse);
    }

    @Override
    public FloatHistogram atFloatHistogram(FloatHistogram reuse) {
        return inOrder.atFloatHistogram(reuse);
    }
}
