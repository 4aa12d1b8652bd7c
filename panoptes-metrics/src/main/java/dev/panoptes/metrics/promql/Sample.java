package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;

/**
 * One element of an instant vector: a series' labels and its value at {@code timestamp}, either a
 * float ({@code histogram} null) or a native histogram ({@code value} then unused, NaN).
 * The histogram belongs to the sample: callers must not change it.
 */
public record Sample(Labels labels, long timestamp, double value, FloatHistogram histogram) {

    public static Sample ofFloat(Labels labels, long timestamp, double value) {
        return new Sample(labels, timestamp, value, null);
    }

    public static Sample ofHistogram(Labels labels, long timestamp, FloatHistogram histogram) {
        return new Sample(labels, timestamp, Double.NaN, histogram);
    }

    public boolean isHistogram() {
        return histogram != null;
    }
}
