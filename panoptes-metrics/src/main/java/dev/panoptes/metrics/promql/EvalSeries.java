package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;
import java.util.Arrays;

/**
 * A series as evaluation passes it between nodes: labels, whether the metric name is to be
 * dropped when evaluation ends (names are removed late, so that functions such as
 * {@code label_replace} can still read them), and its float and histogram points in time order
 * in growable primitive arrays. Points read from storage for a function that uses start
 * timestamps also carry them ({@link #floatStart}, {@link #histogramStart}); every other series
 * has none, which reads as 0. Mutable, owned by one evaluation.
 */
final class EvalSeries {

    Labels labels;
    boolean dropName;
    long[] floatTimes = NO_TIMES;
    double[] floats = NO_FLOATS;
    int floatCount;
    long[] histogramTimes = NO_TIMES;
    FloatHistogram[] histograms = NO_HISTOGRAMS;
    int histogramCount;

    /** Start timestamps of the points, parallel to the times; null (all 0) until one is set. */
    private long[] floatStarts;
    private long[] histogramStarts;

    /** Read position of {@link #floatAt}/{@link #histogramAt} while walking steps in order. */
    int floatCursor;
    int histogramCursor;

    private static final long[] NO_TIMES = new long[0];
    private static final double[] NO_FLOATS = new double[0];
    private static final FloatHistogram[] NO_HISTOGRAMS = new FloatHistogram[0];

    EvalSeries(Labels labels, boolean dropName) {
        this.labels = labels;
        this.dropName = dropName;
    }

    /** A series with room for {@code floats} float points, so that filling it does not regrow. */
    EvalSeries(Labels labels, boolean dropName, int floats) {
        this(labels, dropName);
        if (floats > 0) {
            floatTimes = new long[floats];
            this.floats = new double[floats];
        }
    }

    void addFloat(long t, double v) {
        if (floatCount == floatTimes.length) {
            int n = Math.max(4, floatCount * 2);
            floatTimes = Arrays.copyOf(floatTimes, n);
            floats = Arrays.copyOf(floats, n);
        }
        floatTimes[floatCount] = t;
        floats[floatCount++] = v;
    }

    void addHistogram(long t, FloatHistogram h) {
        if (histogramCount == histogramTimes.length) {
            int n = Math.max(4, histogramCount * 2);
            histogramTimes = Arrays.copyOf(histogramTimes, n);
            histograms = Arrays.copyOf(histograms, n);
        }
        histogramTimes[histogramCount] = t;
        histograms[histogramCount++] = h;
    }

    /** Sets the start timestamp of the newest float point. */
    void startLastFloat(long st) {
        floatStarts = withStart(floatStarts, floatTimes.length, floatCount - 1, st);
    }

    /** Sets the start timestamp of the newest histogram point. */
    void startLastHistogram(long st) {
        histogramStarts = withStart(histogramStarts, histogramTimes.length, histogramCount - 1, st);
    }

    /** {@code starts} with {@code st} at {@code index}, allocated (as long as the times) only once a start is not 0. */
    private static long[] withStart(long[] starts, int capacity, int index, long st) {
        if (st == 0 && starts == null) {
            return null;
        }
        if (starts == null || starts.length < capacity) {
            starts = starts == null ? new long[capacity] : Arrays.copyOf(starts, capacity);
        }
        starts[index] = st;
        return starts;
    }

    /** The start timestamp of float point {@code i}; 0 for none. */
    long floatStart(int i) {
        return floatStarts == null || i >= floatStarts.length ? 0 : floatStarts[i];
    }

    /** The start timestamp of histogram point {@code i}; 0 for none. */
    long histogramStart(int i) {
        return histogramStarts == null || i >= histogramStarts.length ? 0 : histogramStarts[i];
    }

    void add(long t, double f, FloatHistogram h) {
        if (h == null) {
            addFloat(t, f);
        } else {
            addHistogram(t, h);
        }
    }

    int pointCount() {
        return floatCount + histogramCount;
    }

    boolean isEmpty() {
        return floatCount + histogramCount == 0;
    }

    /** Cost of the points against the sample budget: a histogram counts by its size, as in Prometheus. */
    long sampleCost() {
        long cost = floatCount;
        for (int i = 0; i < histogramCount; i++) {
            cost += histogramCost(histograms[i]);
        }
        return cost;
    }

    static long histogramCost(FloatHistogram h) {
        // Prometheus counts a histogram point as (bytes of the histogram / bytes of a float point).
        return (h.positiveBuckets().length + h.negativeBuckets().length + 12) / 2 + 1;
    }

    void resetCursors() {
        floatCursor = 0;
        histogramCursor = 0;
    }

    RangeSeries toRangeSeries() {
        return new RangeSeries(labels, Arrays.copyOf(floatTimes, floatCount), Arrays.copyOf(floats, floatCount),
                Arrays.copyOf(histogramTimes, histogramCount), Arrays.copyOf(histograms, histogramCount));
    }
}
