package dev.panoptes.metrics.tsdb.head;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.MetricMetadata;
import java.io.IOException;

/**
 * Where the head records what it accepts before applying it, so that a restart can replay it: the
 * write-ahead log in a real store, nothing in tests of the head alone.
 *
 * <p>{@link #series} is called as a series is created, before any sample of it can be logged;
 * {@link #commit} once per appender commit, and must return only when the batch is as durable as
 * the store's sync policy promises.
 */
public interface HeadJournal {

    void series(int id, Labels labels) throws IOException;

    void commit(CommitBatch batch) throws IOException;

    /** Samples of series {@code ids} in {@code [min, max]} were deleted; returns once durable. */
    void tombstones(int[] ids, long min, long max) throws IOException;

    HeadJournal NONE = new HeadJournal() {
        @Override
        public void tombstones(int[] ids, long min, long max) {
        }

        @Override
        public void series(int id, Labels labels) {
        }

        @Override
        public void commit(CommitBatch batch) {
        }
    };

    /** What one commit carries, as read-only views of the appender's buffers. */
    interface CommitBatch {
        int sampleCount();

        int sampleSeries(int i);

        long sampleTime(int i);

        /** The sample's start timestamp; 0 for none. */
        long sampleStartTime(int i);

        double sampleValue(int i);

        /** Null for a float sample, else its {@code Histogram} or {@code FloatHistogram}. */
        Object sampleHistogram(int i);

        int exemplarCount();

        int exemplarSeries(int i);

        Exemplar exemplar(int i);

        int metadataCount();

        String metadataMetric(int i);

        MetricMetadata metadata(int i);
    }

}
