package dev.panoptes.wire.exposition;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.Labels;
import java.util.List;

/**
 * Receives what an exposition (text or protobuf) holds, in order. Metadata lines come before the samples of
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

    /**
     * A sample of a series whose creation time the exposition states ({@code createdMs}, or
     * {@link #NO_TIMESTAMP}): counters, summaries and histograms of the protobuf format. Goes to
     * {@link #sample(Labels, double, long, ParsedExemplar)} unless a sink wants the created time.
     */
    default void sample(Labels labels, double value, long timestampMs, ParsedExemplar exemplar, long createdMs) {
        sample(labels, value, timestampMs, exemplar);
    }

    /**
     * A native histogram (protobuf format only): exactly one of {@code histogram} and
     * {@code floatHistogram} is non-null, and it is reused after the call; copy what must be kept.
     * {@code exemplars} may be empty. Ignored unless a sink stores native histograms.
     */
    default void histogram(Labels labels, Histogram histogram, FloatHistogram floatHistogram, long timestampMs, long createdMs,
                           List<ParsedExemplar> exemplars) {
    }

    /** An exemplar as written after a sample: its labels, value, and timestamp or {@link #NO_TIMESTAMP}. */
    record ParsedExemplar(Labels labels, double value, long timestampMs) {
    }
}
