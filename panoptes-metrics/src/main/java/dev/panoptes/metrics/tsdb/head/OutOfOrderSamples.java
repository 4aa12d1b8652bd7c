package dev.panoptes.metrics.tsdb.head;

import java.util.Arrays;

/**
 * The float samples of one series that arrived out of order (within the configured window),
 * kept sorted by time beside the series' in-order chunks until their range is cut into a block.
 * They are rare, so they are kept as plain arrays rather than encoded.
 *
 * <p>Not thread-safe: guarded by the owning series' monitor.
 */
final class OutOfOrderSamples {

    private long[] times = new long[4];
    private double[] values = new double[4];
    /** Start timestamps, parallel to the others; null until a sample has one. */
    private long[] starts;
    private int count;

    int count() {
        return count;
    }

    long minTime() {
        return times[0];
    }

    /** The index of {@code t}, or {@code -(insertion point) - 1}. */
    int find(long t) {
        return Arrays.binarySearch(times, 0, count, t);
    }

    double valueAt(int index) {
        return values[index];
    }

    void insert(int insertionPoint, long st, long t, double v) {
        if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
            values = Arrays.copyOf(values, count * 2);
            if (starts != null) {
                starts = Arrays.copyOf(starts, count * 2);
            }
        }
        if (st != 0 && starts == null) {
            starts = new long[times.length];
        }
        System.arraycopy(times, insertionPoint, times, insertionPoint + 1, count - insertionPoint);
        System.arraycopy(values, insertionPoint, values, insertionPoint + 1, count - insertionPoint);
        times[insertionPoint] = t;
        values[insertionPoint] = v;
        if (starts != null) {
            System.arraycopy(starts, insertionPoint, starts, insertionPoint + 1, count - insertionPoint);
            starts[insertionPoint] = st;
        }
        count++;
    }

    /** Drops samples before {@code mint}. */
    void removeBefore(long mint) {
        int keepFrom = find(mint);
        keepFrom = keepFrom >= 0 ? keepFrom : -keepFrom - 1;
        System.arraycopy(times, keepFrom, times, 0, count - keepFrom);
        System.arraycopy(values, keepFrom, values, 0, count - keepFrom);
        if (starts != null) {
            System.arraycopy(starts, keepFrom, starts, 0, count - keepFrom);
        }
        count -= keepFrom;
    }

    /** A copy of the samples in {@code [mint, maxt]}. */
    Slice slice(long mint, long maxt) {
        int from = find(mint);
        from = from >= 0 ? from : -from - 1;
        int to = find(maxt);
        to = to >= 0 ? to + 1 : -to - 1;
        if (to <= from) {
            return Slice.EMPTY;
        }
        return new Slice(Arrays.copyOfRange(times, from, to), Arrays.copyOfRange(values, from, to),
                starts == null ? null : Arrays.copyOfRange(starts, from, to));
    }

    /** Out-of-order samples of a series as a query captured them; {@code starts} null when none has a start timestamp. */
    record Slice(long[] times, double[] values, long[] starts) {
        static final Slice EMPTY = new Slice(new long[0], new double[0], null);

        boolean isEmpty() {
            return times.length == 0;
        }
    }
}
