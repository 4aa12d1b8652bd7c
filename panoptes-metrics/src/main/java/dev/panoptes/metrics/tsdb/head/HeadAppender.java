package dev.panoptes.metrics.tsdb.head;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.SampleRejectedException;
import dev.panoptes.metrics.storage.SampleRejectedException.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Buffers one batch of writes to the head: validates each sample as it comes (so that a bad
 * sample is rejected alone and the caller can go on), logs the whole batch to the journal on
 * {@link #commit}, then applies it. Nothing is visible to queries before commit.
 *
 * <p>Not thread-safe: one appender per request. Series references are series id + 1, so that 0
 * means "unknown" as the {@link Appender} contract wants.
 */
final class HeadAppender implements Appender, HeadJournal.CommitBatch {

    private final Head head;

    private MemSeries[] series = new MemSeries[64];
    private long[] times = new long[64];
    /** Start timestamps, 0 for none. */
    private long[] starts = new long[64];
    private double[] values = new double[64];
    /** Null for a float sample, else the appender's own copy of a Histogram or FloatHistogram. */
    private Object[] histograms = new Object[64];
    private int count;
    /** The index in the buffers of each series' newest pending sample, by series id. */
    private final IntIntMap lastPending = new IntIntMap();

    private final List<MemSeries> exemplarSeries = new ArrayList<>();
    private final List<Exemplar> exemplars = new ArrayList<>();
    private final List<String> metadataMetrics = new ArrayList<>();
    private final List<MetricMetadata> metadata = new ArrayList<>();

    HeadAppender(Head head) {
        this.head = head;
    }

    private MemSeries resolve(long ref, Labels labels) throws SampleRejectedException {
        if (ref > 0 && ref <= Integer.MAX_VALUE) {
            MemSeries known = head.series((int) ref - 1);
            if (known != null) {
                return known;
            }
        }
        try {
            return head.getOrCreate(labels);
        } catch (SampleRejectedException e) {
            throw rejected(e.reason());
        }
    }

    /** Counts a refusal by reason and returns the exception to throw. */
    private SampleRejectedException rejected(Reason reason) {
        head.countRejected(reason);
        return SampleRejectedException.of(reason);
    }

    @Override
    public long append(long ref, Labels labels, long startTimestampMs, long timestampMs, double value) throws SampleRejectedException {
        return add(resolve(ref, labels), startTimestampMs, timestampMs, value, null);
    }

    @Override
    public long appendHistogram(long ref, Labels labels, long startTimestampMs, long timestampMs, Histogram histogram,
                                FloatHistogram floatHistogram) throws SampleRejectedException {
        if ((histogram == null) == (floatHistogram == null)) {
            throw new IllegalArgumentException("exactly one of histogram and floatHistogram must be given");
        }
        MemSeries s = resolve(ref, labels);
        // The caller may reuse its instance; the head keeps a copy.
        Object copy = histogram != null ? histogram.copy() : floatHistogram.copy();
        return add(s, startTimestampMs, timestampMs, 0, copy);
    }

    private long add(MemSeries s, long startTimestampMs, long timestampMs, double value, Object histogram) throws SampleRejectedException {
        if (timestampMs < head.minValidTime()) {
            throw rejected(Reason.TOO_OLD);
        }
        long bits = Double.doubleToRawLongBits(value);
        int pending = lastPending.get(s.id);
        Reason reason = pending >= 0
                ? MemSeries.appendable(times[pending], Double.doubleToRawLongBits(values[pending]), histograms[pending], timestampMs, bits, histogram)
                : s.appendable(timestampMs, bits, histogram);
        boolean late = false;
        long window = head.outOfOrderWindow();
        if (reason == Reason.OUT_OF_ORDER && window > 0 && histogram == null) {
            long newest = pending >= 0 ? Math.max(times[pending], s.maxTime()) : s.maxTime();
            reason = timestampMs < newest - window ? Reason.OUT_OF_ORDER : s.outOfOrderAppendable(timestampMs, bits, window);
            late = true;
        }
        if (reason != null) {
            throw rejected(reason);
        }
        if (!late && pending >= 0 && times[pending] == timestampMs) {
            return s.id + 1L;
        }
        if (count == times.length) {
            int capacity = count * 2;
            series = Arrays.copyOf(series, capacity);
            times = Arrays.copyOf(times, capacity);
            starts = Arrays.copyOf(starts, capacity);
            values = Arrays.copyOf(values, capacity);
            histograms = Arrays.copyOf(histograms, capacity);
        }
        series[count] = s;
        times[count] = timestampMs;
        starts[count] = startTimestampMs;
        values[count] = value;
        histograms[count] = histogram;
        if (!late) {
            // The newest pending sample of the series stays what later samples are checked against.
            lastPending.put(s.id, count);
        }
        count++;
        return s.id + 1L;
    }

    @Override
    public long appendExemplar(long ref, Labels labels, Exemplar exemplar) throws SampleRejectedException {
        MemSeries s = resolve(ref, labels);
        Reason reason = head.exemplars.check(s.id, exemplar);
        if (reason != null) {
            throw rejected(reason);
        }
        exemplarSeries.add(s);
        exemplars.add(exemplar);
        return s.id + 1L;
    }

    @Override
    public long updateMetadata(long ref, Labels labels, MetricMetadata entry) {
        // Metadata belongs to the metric name, and never creates a series.
        String metric = labels == null ? "" : labels.metricName();
        if (metric.isEmpty() && ref > 0 && ref <= Integer.MAX_VALUE) {
            MemSeries known = head.series((int) ref - 1);
            metric = known == null ? "" : known.labels.metricName();
        }
        if (!metric.isEmpty()) {
            metadataMetrics.add(metric);
            metadata.add(entry);
        }
        return ref;
    }

    @Override
    public void commit() throws IOException {
        if (count == 0 && exemplars.isEmpty() && metadata.isEmpty()) {
            return;
        }
        head.commitLock().readLock().lock();
        try {
            dropTooOld();
            head.journal().commit(this);
            apply();
        } finally {
            head.commitLock().readLock().unlock();
            clear();
        }
    }

    /**
     * Removes samples that became too old after they were validated (a block was cut meanwhile):
     * they would land in a range the head no longer owns.
     */
    private void dropTooOld() {
        long min = head.minValidTime();
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (times[i] < min) {
                head.countRejected(Reason.TOO_OLD);
                continue;
            }
            series[kept] = series[i];
            times[kept] = times[i];
            starts[kept] = starts[i];
            values[kept] = values[i];
            histograms[kept] = histograms[i];
            kept++;
        }
        Arrays.fill(series, kept, count, null);
        Arrays.fill(histograms, kept, count, null);
        count = kept;
    }

    private void apply() {
        long chunkRange = head.chunkRange();
        long window = head.outOfOrderWindow();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            Reason reason = series[i].append(starts[i], times[i], values[i], histograms[i], chunkRange, window);
            if (reason != null) {
                // Another appender committed a newer sample to this series since validation.
                head.countRejected(reason);
                continue;
            }
            min = Math.min(min, times[i]);
            max = Math.max(max, times[i]);
        }
        if (min <= max) {
            head.observeTime(min);
            head.observeTime(max);
        }
        for (int i = 0; i < exemplars.size(); i++) {
            head.exemplars.add(exemplarSeries.get(i).id, exemplars.get(i));
        }
        for (int i = 0; i < metadata.size(); i++) {
            head.metadata.put(metadataMetrics.get(i), metadata.get(i));
        }
    }

    @Override
    public void rollback() {
        clear();
    }

    private void clear() {
        Arrays.fill(series, 0, count, null);
        Arrays.fill(histograms, 0, count, null);
        count = 0;
        lastPending.clear();
        exemplarSeries.clear();
        exemplars.clear();
        metadataMetrics.clear();
        metadata.clear();
    }

    // The batch as the journal reads it.

    @Override
    public int sampleCount() {
        return count;
    }

    @Override
    public int sampleSeries(int i) {
        return series[i].id;
    }

    @Override
    public long sampleTime(int i) {
        return times[i];
    }

    @Override
    public long sampleStartTime(int i) {
        return starts[i];
    }

    @Override
    public double sampleValue(int i) {
        return values[i];
    }

    @Override
    public Object sampleHistogram(int i) {
        return histograms[i];
    }

    @Override
    public int exemplarCount() {
        return exemplars.size();
    }

    @Override
    public int exemplarSeries(int i) {
        return exemplarSeries.get(i).id;
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
