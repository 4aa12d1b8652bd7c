package dev.panoptes.metrics.storage;

import dev.panoptes.core.labels.Labels;

/**
 * An example observation attached to a series, usually carrying a {@code trace_id} label that
 * links the metric to a trace.
 *
 * @param hasTimestamp whether the producer gave a timestamp (OpenMetrics exemplars may omit it)
 */
public record Exemplar(Labels labels, double value, long timestampMs, boolean hasTimestamp) {
}
