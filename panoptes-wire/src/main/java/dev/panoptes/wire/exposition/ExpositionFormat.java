package dev.panoptes.wire.exposition;

/**
 * The text formats understood by {@link TextExpositionParser}. They differ in the unit of
 * timestamps (milliseconds as integers in the Prometheus format, seconds with a fraction in
 * OpenMetrics), in exemplars (OpenMetrics only) and in the terminating {@code # EOF} line that
 * OpenMetrics requires.
 */
public enum ExpositionFormat {
    PROMETHEUS_TEXT,
    OPENMETRICS
}
