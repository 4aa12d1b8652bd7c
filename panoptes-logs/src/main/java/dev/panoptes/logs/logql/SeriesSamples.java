package dev.panoptes.logs.logql;

import java.util.Arrays;

/**
 * One series' samples of a range aggregation, and the windows slid over them. Held as the
 * samples themselves (time and value in arrival order, sorted by time before the windows slide),
 * or, for the aggregations that only count entries or add up their line sizes, as counts and
 * sums per bucket of a {@link Grid} whose buckets tile every window of the query. A series goes
 * over to buckets once it holds as many samples as the grid has buckets, so its memory is bounded
 * by the query's steps rather than by the lines read, and is never more than its samples took.
 * Both forms give the same values: the sums are of whole numbers, exact in any order.
 *
 * <p>Not thread-safe.
 */
final class SeriesSamples {

    /** A grid finer than this keeps the samples: its buckets would outnumber most series' samples. */
    static final int MAX_BUCKETS = 1 << 22;

    /**
     * The buckets {@code (base + j * width, base + (j + 1) * width]}, {@code 0 <= j < count}: the
     * window of step {@code k}, {@code (t_k - offset - range, t_k - offset]}, is exactly the
     * buckets {@code [k * perStep, k * perStep + perWindow)}, because the width divides both the
     * step and the range.
     */
    record Grid(long base, long width, int count, int perStep, int perWindow) {

        /** The grid of a query's windows, or null when it would be finer than {@link #MAX_BUCKETS} buckets. */
        static Grid of(long start, long step, int steps, long range, long offset) {
            long width = steps > 1 ? gcd(step, range) : range;
            long span = (steps - 1L) * step + range;
            if (width <= 0 || span / width > MAX_BUCKETS) {
                return null;
            }
            return new Grid(start - offset - range, width, (int) (span / width), (int) Math.min(Integer.MAX_VALUE, step / width),
                    (int) (range / width));
        }

        /** The bucket holding {@code t}, or -1 when no window does. */
        int bucketOf(long t) {
            long d = t - base - 1;
            if (d < 0) {
                return -1;
            }
            long j = d / width;
            return j < count ? (int) j : -1;
        }

        private static long gcd(long a, long b) {
            while (b != 0) {
                long r = a % b;
                a = b;
                b = r;
            }
            return a;
        }
    }

    /** The points a series has: at {@code times[i]}, {@code values[i]}. */
    record Points(long[] times, double[] values) {
    }

    /** Null when the aggregation needs the samples. */
    private final Grid grid;
    /** Whether the values are line sizes to add up ({@code bytes_*}), else ones to count. */
    private final boolean sumsValues;

    private long[] times = new long[16];
    private double[] values = new double[16];
    private int size;
    private boolean sorted = true;

    /** Per bucket, once the series holds buckets: how many samples, and (with {@link #sumsValues}) their sum. */
    private long[] counts;
    private long[] sums;
    /** The bucket the last sample fell in, {@code (lastLow, lastLow + width]}: a stream's lines come in time order. */
    private int last = -1;
    private long lastLow;

    /**
     * @param grid the query's windows when {@code op} only counts entries or adds up whole
     *     numbers, else null
     * @param sumsValues whether the values are added up rather than counted
     */
    SeriesSamples(Grid grid, boolean sumsValues) {
        this.grid = grid;
        this.sumsValues = sumsValues;
    }

    /** The grid for {@code op} with or without an unwrap, or null when its windows need the samples. */
    static Grid gridFor(RangeAggregationExpr.Op op, boolean unwrapped, long start, long step, int steps, long range, long offset) {
        boolean counts = switch (op) {
            case COUNT_OVER_TIME, RATE, BYTES_OVER_TIME, BYTES_RATE, ABSENT_OVER_TIME -> true;
            default -> false;
        };
        return counts && !unwrapped ? Grid.of(start, step, steps, range, offset) : null;
    }

    /** Whether the series went over to bucket counts. */
    boolean holdsBuckets() {
        return counts != null;
    }

    void add(long t, double v) {
        if (counts != null) {
            addToBucket(t, v);
            return;
        }
        if (size == times.length) {
            if (grid != null && size >= grid.count()) {
                toBuckets();
                addToBucket(t, v);
                return;
            }
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        if (size > 0 && t < times[size - 1]) {
            sorted = false;
        }
        times[size] = t;
        values[size++] = v;
    }

    /** Adds every sample of {@code other}, a series of the same grid read by another thread. */
    void addAll(SeriesSamples other) {
        if (other.counts != null) {
            if (counts == null) {
                toBuckets();
            }
            for (int j = 0; j < counts.length; j++) {
                counts[j] += other.counts[j];
            }
            if (sums != null) {
                for (int j = 0; j < sums.length; j++) {
                    sums[j] += other.sums[j];
                }
            }
            return;
        }
        for (int i = 0; i < other.size; i++) {
            add(other.times[i], other.values[i]);
        }
    }

    private void addToBucket(long t, double v) {
        int j;
        if (last >= 0 && t > lastLow && t - lastLow <= grid.width()) {
            j = last;
        } else {
            j = grid.bucketOf(t);
            if (j < 0) {
                return;
            }
            last = j;
            lastLow = grid.base() + j * grid.width();
        }
        counts[j]++;
        if (sums != null) {
            sums[j] += (long) v;
        }
    }

    private void toBuckets() {
        counts = new long[grid.count()];
        sums = sumsValues ? new long[grid.count()] : null;
        for (int i = 0; i < size; i++) {
            addToBucket(times[i], values[i]);
        }
        times = null;
        values = null;
        size = 0;
    }

    /**
     * The aggregation's value at each step {@code start + k * step} whose window
     * {@code (t - offset - range, t - offset]} holds a sample; null when none does. With
     * {@code present} (for {@code absent_over_time}) it instead marks the steps that have one and
     * returns null.
     */
    Points evaluate(RangeAggregationExpr.Op op, double parameter, long start, long step, int steps, long offset, long range,
                    boolean[] present) {
        return counts != null
                ? evaluateBuckets(op, start, step, steps, range, present)
                : evaluateSamples(op, parameter, start, step, steps, offset, range, present);
    }

    private Points evaluateSamples(RangeAggregationExpr.Op op, double parameter, long start, long step, int steps, long offset, long range,
                                   boolean[] present) {
        sortByTime();
        long[] outTimes = new long[Math.min(steps, size)];
        double[] outValues = new double[outTimes.length];
        int points = 0;
        int from = 0;
        int to = 0;
        for (int k = 0; k < steps; k++) {
            long t = start + k * step;
            long windowEnd = t - offset;
            while (to < size && times[to] <= windowEnd) {
                to++;
            }
            while (from < to && times[from] <= windowEnd - range) {
                from++;
            }
            if (from == to) {
                continue;
            }
            if (present != null) {
                present[k] = true;
                continue;
            }
            if (points == outTimes.length) {
                outTimes = Arrays.copyOf(outTimes, Math.min(steps, points * 2));
                outValues = Arrays.copyOf(outValues, outTimes.length);
            }
            outTimes[points] = t;
            outValues[points++] = WindowFunctions.evaluate(op, parameter, times, values, from, to, windowEnd, range);
        }
        return points == 0 ? null : new Points(Arrays.copyOf(outTimes, points), Arrays.copyOf(outValues, points));
    }

    private Points evaluateBuckets(RangeAggregationExpr.Op op, long start, long step, int steps, long range, boolean[] present) {
        long[] countsBefore = prefixSums(counts);
        long[] sumsBefore = sums == null ? null : prefixSums(sums);
        double seconds = range / 1e9;
        long[] outTimes = new long[steps];
        double[] outValues = new double[steps];
        int points = 0;
        for (int k = 0; k < steps; k++) {
            int lo = (int) Math.min(grid.count(), (long) k * grid.perStep());
            int hi = (int) Math.min(grid.count(), (long) lo + grid.perWindow());
            long n = countsBefore[hi] - countsBefore[lo];
            if (n == 0) {
                continue;
            }
            if (present != null) {
                present[k] = true;
                continue;
            }
            double sum = sumsBefore == null ? n : sumsBefore[hi] - sumsBefore[lo];
            outTimes[points] = start + k * step;
            outValues[points++] = switch (op) {
                case RATE, BYTES_RATE -> sum / seconds;
                default -> sum;
            };
        }
        return points == 0 ? null : new Points(Arrays.copyOf(outTimes, points), Arrays.copyOf(outValues, points));
    }

    private static long[] prefixSums(long[] a) {
        long[] before = new long[a.length + 1];
        for (int i = 0; i < a.length; i++) {
            before[i + 1] = before[i] + a[i];
        }
        return before;
    }

    /**
     * A stable sort, so that samples at the same time keep the order their streams were read
     * in. Each stream adds its samples in time order, so the list is a few sorted runs: they are
     * merged pairwise, on primitive arrays.
     */
    private void sortByTime() {
        if (sorted) {
            return;
        }
        int[] runs = new int[16];
        int count = 0;
        runs[count++] = 0;
        for (int i = 1; i < size; i++) {
            if (times[i] < times[i - 1]) {
                if (count == runs.length) {
                    runs = Arrays.copyOf(runs, count * 2);
                }
                runs[count++] = i;
            }
        }
        long[] t = times;
        double[] v = values;
        long[] tOut = new long[t.length];
        double[] vOut = new double[t.length];
        while (count > 1) {
            int merged = 0;
            for (int r = 0; r < count; r += 2) {
                int lo = runs[r];
                int mid = r + 1 < count ? runs[r + 1] : size;
                int hi = r + 2 < count ? runs[r + 2] : size;
                merge(t, v, tOut, vOut, lo, mid, hi);
                runs[merged++] = lo;
            }
            count = merged;
            long[] swapT = t;
            t = tOut;
            tOut = swapT;
            double[] swapV = v;
            v = vOut;
            vOut = swapV;
        }
        times = t;
        values = v;
        sorted = true;
    }

    /** Merges the sorted runs {@code [lo, mid)} and {@code [mid, hi)} into {@code tOut}/{@code vOut}, the first run winning ties. */
    private static void merge(long[] t, double[] v, long[] tOut, double[] vOut, int lo, int mid, int hi) {
        int a = lo;
        int b = mid;
        for (int o = lo; o < hi; o++) {
            if (b >= hi || a < mid && t[a] <= t[b]) {
                tOut[o] = t[a];
                vOut[o] = v[a++];
            } else {
                tOut[o] = t[b];
                vOut[o] = v[b++];
            }
        }
    }
}
