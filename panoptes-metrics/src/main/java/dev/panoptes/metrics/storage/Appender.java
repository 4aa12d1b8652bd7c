package dev.panoptes.metrics.storage;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.Labels;
import java.io.IOException;

/**
 * A batch of writes: samples, histograms, exemplars and metadata appended one by one, made
 * durable and visible together by {@link #commit}, or dropped by {@link #rollback}. One request
 * of a receiver (a remote-write body, a scrape) is one batch.
 *
 * <p>Each append names its series by labels and, after the first append of a series in this
 * appender's life, by the reference that call returned, which spares the lookup. A reference of
 * 0 means "unknown, look the labels up". A rejected sample throws
 * {@link SampleRejectedException} and leaves the rest of the batch intact, so a receiver can
 * count the rejection and go on. Not thread-safe; use one appender per thread.
 *
 * <p>A sample may carry a start timestamp: when the counter (or delta) it reports started
 * counting, the "created timestamp" of OpenMetrics, remote write 2.0 and OTLP. 0 means none.
 * Storage keeps it with the sample and gives it back through
 * {@link SampleIterator#atStartTimestamp()}; it takes no part in ordering or duplicate checks.
 */
public interface Appender {

    /**
     * Appends a float sample (the Prometheus stale marker is a value like any other).
     *
     * @return the series reference to pass next time for the same labels
     */
    default long append(long ref, Labels labels, long timestampMs, double value) throws SampleRejectedException {
        return append(ref, labels, 0, timestampMs, value);
    }

    /** Appends a float sample with its start timestamp ({@code 0} for none). */
    long append(long ref, Labels labels, long startTimestampMs, long timestampMs, double value) throws SampleRejectedException;

    /**
     * Appends a native histogram sample: exactly one of {@code histogram} (integer counts) and
     * {@code floatHistogram} is non-null. The appender may keep neither object after returning.
     */
    default long appendHistogram(long ref, Labels labels, long timestampMs, Histogram histogram, FloatHistogram floatHistogram)
            throws SampleRejectedException {
        return appendHistogram(ref, labels, 0, timestampMs, histogram, floatHistogram);
    }

    /** Appends a native histogram sample with its start timestamp ({@code 0} for none). */
    long appendHistogram(long ref, Labels labels, long startTimestampMs, long timestampMs, Histogram histogram,
                         FloatHistogram floatHistogram) throws SampleRejectedException;

    /** Attaches an exemplar to a series. */
    long appendExemplar(long ref, Labels labels, Exemplar exemplar) throws SampleRejectedException;

    /** Records the type, help and unit of a series' metric. */
    long updateMetadata(long ref, Labels labels, MetricMetadata metadata);

    /**
     * Makes the batch durable (as the storage's sync policy defines) and visible to queries. After
     * this returns, the data survives a crash of the process.
     */
    void commit() throws IOException;

    /** Discards everything appended since the last commit. */
    void rollback();
}
