package dev.panoptes.metrics.storage;

import java.util.Locale;

/** The metric types of the Prometheus and OpenMetrics exposition formats. */
public enum MetricType {
    COUNTER, GAUGE, HISTOGRAM, GAUGEHISTOGRAM, SUMMARY, INFO, STATESET, UNKNOWN;

    /** The lower-case name the Prometheus API and exposition formats use. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
