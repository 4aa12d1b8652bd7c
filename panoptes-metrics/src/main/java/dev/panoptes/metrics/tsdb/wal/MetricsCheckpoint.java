package dev.panoptes.metrics.tsdb.wal;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.wal.WriteAheadLog;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.tsdb.head.HeadJournal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a checkpoint keeps of the metrics log once data older than {@code minTime} is in blocks:
 * series records of series still in the head, samples at or after {@code minTime} of those
 * series, and their exemplars and metadata. Records are re-encoded, so a checkpoint is also
 * smaller than the segments it replaces.
 */
public final class MetricsCheckpoint implements WriteAheadLog.CheckpointFilter, MetricsRecordDecoder.Visitor {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsCheckpoint.class);

    private final IntPredicate live;
    private final long minTime;
    private final MetricsRecordDecoder decoder = new MetricsRecordDecoder();
    private final List<Object[]> series = new ArrayList<>();
    private final List<long[]> tombstones = new ArrayList<>();
    private final Set<String> seenMetadata = new HashSet<>();
    private final Batch batch = new Batch();

    /**
     * @param live whether a series id is still in the head
     * @param minTime samples before this are dropped
     */
    public MetricsCheckpoint(IntPredicate live, long minTime) {
        this.live = live;
        this.minTime = minTime;
    }

    @Override
    public void rewrite(byte[] buf, int offset, int length, EncodeBuffer out) {
        series.clear();
        tombstones.clear();
        batch.clear();
        try {
            decoder.decode(buf, offset, length, this);
        } catch (CorruptDataException e) {
            LOG.warn("write-ahead log: undecodable record left out of the checkpoint: {}", e.getMessage());
            return;
        }
        for (Object[] s : series) {
            MetricsRecordEncoder.series(out, (Integer) s[0], (Labels) s[1]);
        }
        MetricsRecordEncoder.batch(out, batch);
        for (long[] t : tombstones) {
            MetricsRecordEncoder.tombstones(out, new int[] {(int) t[0]}, t[1], t[2]);
        }
    }

    @Override
    public void tombstone(int id, long min, long max) {
        // A deletion that ends before the kept range concerns data now in blocks, whose own tombstones hold it.
        if (max >= minTime && live.test(id)) {
            tombstones.add(new long[] {id, min, max});
        }
    }

    @Override
    public void series(int id, Labels labels) {
        if (live.test(id)) {
            series.add(new Object[] {id, labels});
        }
    }

    @Override
    public void sample(int id, long st, long t, double value) {
        if (t >= minTime && live.test(id)) {
            batch.add(id, st, t, value, null);
        }
    }

    @Override
    public void histogram(int id, long st, long t, Object histogram) {
        if (t >= minTime && live.test(id)) {
            batch.add(id, st, t, 0, histogram);
        }
    }

    @Override
    public void exemplar(int id, Exemplar exemplar) {
        if (exemplar.timestampMs() >= minTime && live.test(id)) {
            batch.exemplarIds.add(id);
            batch.exemplars.add(exemplar);
        }
    }

    @Override
    public void metadata(String metric, MetricMetadata metadata) {
        // Targets repeat their metadata every scrape; a checkpoint keeps each entry once.
        if (seenMetadata.add(metric + '\u0000' + metadata)) {
            batch.metadataMetrics.add(metric);
            batch.metadata.add(metadata);
        }
    }

    /** The kept contents of one record, in the shape the encoder takes. */
    private static final class Batch implements HeadJournal.CommitBatch {
        final List<Integer> ids = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final List<Long> starts = new ArrayList<>();
        final List<Double> values = new ArrayList<>();
        final List<Object> histograms = new ArrayList<>();
        final List<Integer> exemplarIds = new ArrayList<>();
        final List<Exemplar> exemplars = new ArrayList<>();
        final List<String> metadataMetrics = new ArrayList<>();
        final List<MetricMetadata> metadata = new ArrayList<>();

        void add(int id, long st, long t, double v, Object histogram) {
            ids.add(id);
            times.add(t);
            starts.add(st);
            values.add(v);
            histograms.add(histogram);
        }

        void clear() {
            ids.clear();
            times.clear();
            starts.clear();
            values.clear();
            histograms.clear();
            exemplarIds.clear();
            exemplars.clear();
            metadataMetrics.clear();
            metadata.clear();
        }

        @Override
        public int sampleCount() {
            return ids.size();
        }

        @Override
        public int sampleSeries(int i) {
            return ids.get(i);
        }

        @Override
        public long sampleTime(int i) {
            return times.get(i);
        }

        @Override
        public long sampleStartTime(int i) {
            return starts.get(i);
        }

        @Override
        public double sampleValue(int i) {
            return values.get(i);
        }

        @Override
        public Object sampleHistogram(int i) {
            return histograms.get(i);
        }

        @Override
        public int exemplarCount() {
            return exemplars.size();
        }

        @Override
        public int exemplarSeries(int i) {
            return exemplarIds.get(i);
        }

        @Override
        public Exemplar exemplar(int i) {
            return exemplars.get(i);
        }

        @Override
        public int metadataCount() {
            return metadata.size();
        }

        @Override
        public String metadataMetric(int i) {
            return metadataMetrics.get(i);
        }

        @Override
        public MetricMetadata metadata(int i) {
            return metadata.get(i);
        }
    }
}
