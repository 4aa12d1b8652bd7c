package dev.panoptes.wire.remotewrite;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.Labels;

/**
 * Receives a decoded remote write request in order: each series, then its samples, histograms
 * and exemplars, then the next series. Metadata may come at any point.
 */
public interface RemoteWriteSink {

    /** Starts a series; what follows until the next call belongs to it. */
    void series(Labels labels);

    void sample(long timestampMs, double value);

    /**
     * A sample with its own start timestamp (remote write 2.0's {@code Sample.start_timestamp}),
     * {@code 0} when the sender gave none. By default the start is left out.
     */
    default void sample(long startTimestampMs, long timestampMs, double value) {
        sample(timestampMs, value);
    }

    /**
     * A native histogram sample: exactly one of the two is non-null. The instances are reused for
     * the next histogram; copy what must be kept.
     */
    void histogram(long timestampMs, Histogram histogram, FloatHistogram floatHistogram);

    /** As {@link #sample(long, long, double)} for a native histogram ({@code Histogram.start_timestamp}). */
    default void histogram(long startTimestampMs, long timestampMs, Histogram histogram, FloatHistogram floatHistogram) {
        histogram(timestampMs, histogram, floatHistogram);
    }

    void exemplar(Labels labels, double value, long timestampMs);

    /** Metadata of a metric family; {@code type} is {@code counter}, {@code gauge}, ... or {@code unknown}. */
    void metadata(String metricFamily, String type, String help, String unit);

    /**
     * The created timestamp of the current series (the series-level field of early remote write
     * 2.0, and OTLP's start time), when sent: given right after {@link #series}, before the
     * samples it applies to. It is the start timestamp of those samples that carry none of their
     * own.
     */
    default void createdTimestamp(long timestampMs) {
    }
}
