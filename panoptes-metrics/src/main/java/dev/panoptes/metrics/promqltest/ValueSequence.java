package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.sample.StaleNaN;
import dev.panoptes.core.histogram.FloatHistogram;
import java.util.Arrays;

/**
 * The expanded values of one series line: position {@code i} is either omitted ({@code _}), a
 * float (the stale marker included, bit for bit) or a native histogram. For a histogram the
 * sequence also remembers whether the script stated its counter-reset hint, because only a
 * stated hint is compared. Grows while parsing, then is only read. Not thread-safe.
 */
final class ValueSequence {

    static final byte OMITTED = 0;
    static final byte FLOAT = 1;
    static final byte HISTOGRAM = 2;

    /** Prometheus' staleness marker: a NaN with this exact bit pattern. */
    static final double STALE_NAN = StaleNaN.VALUE;

    private byte[] kinds = new byte[8];
    private double[] floats = new double[8];
    private FloatHistogram[] histograms = new FloatHistogram[8];
    private boolean[] hintStated = new boolean[8];
    private int size;

    static boolean isStale(double v) {
        return StaleNaN.is(v);
    }

    int size() {
        return size;
    }

    byte kind(int i) {
        return kinds[i];
    }

    double floatAt(int i) {
        return floats[i];
    }

    FloatHistogram histogramAt(int i) {
        return histograms[i];
    }

    boolean hintStatedAt(int i) {
        return hintStated[i];
    }

    void addOmitted() {
        grow();
        kinds[size++] = OMITTED;
    }

    void addFloat(double v) {
        grow();
        kinds[size] = FLOAT;
        floats[size++] = v;
    }

    void addHistogram(FloatHistogram h, boolean stated) {
        grow();
        kinds[size] = HISTOGRAM;
        histograms[size] = h;
        hintStated[size++] = stated;
    }

    private void grow() {
        if (size == kinds.length) {
            int n = size * 2;
            kinds = Arrays.copyOf(kinds, n);
            floats = Arrays.copyOf(floats, n);
            histograms = Arrays.copyOf(histograms, n);
            hintStated = Arrays.copyOf(hintStated, n);
        }
    }

    /** Position {@code i} as the script would write it, for failure messages. */
    String describe(int i) {
        return switch (kinds[i]) {
            case OMITTED -> "_";
            case FLOAT -> ValueText.formatFloat(floats[i]);
            default -> ValueText.formatHistogram(histograms[i], hintStated[i]);
        };
    }
}
