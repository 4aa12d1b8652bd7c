package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;

/**
 * One series of a {@link Matrix}: its float points and its histogram points, each in time order
 * (a series may hold both kinds, at different timestamps). The arrays are the series' own and
 * must not be changed; their lengths are the point counts.
 */
public record RangeSeries(Labels labels, long[] floatTimestamps, double[] floats, long[] histogramTimestamps,
        FloatHistogram[] histograms) {

    public int floatCount() {
        return floatTimestamps.length;
    }

    public int histogramCount() {
        return histogramTimestamps.length;
    }
}
