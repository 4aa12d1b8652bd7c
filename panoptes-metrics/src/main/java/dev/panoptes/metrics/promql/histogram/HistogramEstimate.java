package dev.panoptes.metrics.promql.histogram;

/** A value estimated from a native histogram, with what NaN observations did to it. */
public record HistogramEstimate(double value, NanObservations nanObservations) {

    static HistogramEstimate of(double value) {
        return new HistogramEstimate(value, NanObservations.NONE);
    }
}
