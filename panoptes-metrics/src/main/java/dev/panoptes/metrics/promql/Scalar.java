package dev.panoptes.metrics.promql;

/** A single number at an evaluation instant (milliseconds). */
public record Scalar(long timestamp, double value) implements Value {
}
