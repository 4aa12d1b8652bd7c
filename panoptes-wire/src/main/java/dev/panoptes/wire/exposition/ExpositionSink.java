package dev.panoptes.wire.exposition;

import dev.panoptes.core.labels.Labels;

/**
 * Receives what a text exposition holds, in order. Metadata lines come before the samples of
 * their metric family. Labels passed to {@link #sample} may be the same instance for consecutive
 * samples of one series, so a sink can recognise a repeat cheaply by identity.
 */
public interface ExpositionSink {

    /** Marks "no timestamp" in {@link #sample} and in exemplars. */
    long NO_TIMESTAMP = Long.MIN_VALUE;

    /** A {@code # TYPE} line: {@code type} as written (counter, gauge, histogram, ...). */
    default void type(String metricFamily, String type) {
    }

    default void help(String metricFamily, String help) {
    }

    default void unit(String metricFamily, String unit) {
    }

    /**
     * One sample. {@code timestampMs} is {@link #NO_TIMESTAMP} when the line has none;
     * {@code exemplar} is null unless the line carries one.
     */
    void sample(Labels labels, double value, long timestampMs, ParsedExemplar exemplar);

    /** An exemplar as written after a sample: its labels, value, and timestamp or {@link #NO_TIMESTAMP}. */
    record ParsedExemplar(Labels labels, double value, long timestampMs) {
    }
}
