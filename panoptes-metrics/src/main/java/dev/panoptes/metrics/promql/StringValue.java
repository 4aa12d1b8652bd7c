package dev.panoptes.metrics.promql;

/** A string literal's value at an evaluation instant (milliseconds). */
public record StringValue(long timestamp, String value) implements Value {
}
