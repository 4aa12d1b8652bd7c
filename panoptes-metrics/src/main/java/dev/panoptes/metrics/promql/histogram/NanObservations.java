package dev.panoptes.metrics.promql.histogram;

/**
 * What NaN observations in a native histogram (counted, but in no bucket; the sum is NaN) did to
 * a result, for the engine's info annotation.
 */
public enum NanObservations {
    /** No effect, or none could be seen. */
    NONE,
    /** histogram_quantile: the quantile lies above every bucket, the result is NaN. */
    QUANTILE_IS_NAN,
    /** histogram_quantile: the result is skewed towards higher values. */
    QUANTILE_SKEWED_HIGHER,
    /** histogram_fraction: the NaN observations are in no fraction. */
    EXCLUDED_FROM_FRACTION
}
