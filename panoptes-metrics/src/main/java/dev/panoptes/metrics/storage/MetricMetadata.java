package dev.panoptes.metrics.storage;

/** What a metric is: its type, help text and unit, as exposed by its producer. */
public record MetricMetadata(MetricType type, String help, String unit) {

    public MetricMetadata {
        type = type == null ? MetricType.UNKNOWN : type;
        help = help == null ? "" : help;
        unit = unit == null ? "" : unit;
    }
}
