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
     * A native histogram sample: exactly one of the two is non-null. The instances are reused for
     * the next histogram; copy what must be kept.
     */
    void histogram(long timestampMs, Histogram histogram, FloatHistogram floatHistogram);

    void exemplar(Labels labels, double value, long timestampMs);

    /** Metadata of a metric family; {@code type} is {@code counter}, {@code gauge}, ... or {@code unknown}. */
    void metadata(String metricFamily, String type, String help, String unit);

    /**
     * The created timestamp of the current series (remote write 2.0), when sent: given right after
     * {@link #series}, before the samples it applies to.
     */
    default void createdTimestamp(long timestampMs) {
    }
}
