package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.FloatHistogram;

/**
 * Data equality of two histograms for {@code ==}, {@code !=} and {@code changes}: every field and
 * bucket alike, the counter-reset hint aside (it says how a sample was produced, not what it is).
 */
final class HistogramEquality {

    private HistogramEquality() {
    }

    static boolean equal(FloatHistogram a, FloatHistogram b) {
        if (a.counterResetHint() == b.counterResetHint()) {
            return a.equals(b);
        }
        return a.equals(b.copy().counterResetHint(a.counterResetHint()));
    }
}
