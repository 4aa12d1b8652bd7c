package dev.panoptes.metrics.tsdb.wal;

import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.wal.WalRecords;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.tsdb.head.HeadJournal.CommitBatch;

/**
 * Encodes metrics records into framed log records. Samples are stored relative to the batch's
 * first series id and timestamp, so a scrape of a thousand series costs a few bytes per sample
 * beyond the eight of the value.
 */
public final class MetricsRecordEncoder {

    private MetricsRecordEncoder() {
    }

    public static void series(EncodeBuffer out, int id, Labels labels) {
        int start = WalRecords.begin(out);
        out.putByte(MetricsRecord.SERIES).putUvarint(1);
        putSeries(out, id, labels);
        WalRecords.end(out, start);
    }

    static void putSeries(EncodeBuffer out, int id, Labels labels) {
        out.putUvarint(id).putUvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            out.putString(labels.name(i)).putString(labels.value(i));
        }
    }

    /** Deletion of {@code [min, max]} from series {@code ids}. */
    public static void tombstones(EncodeBuffer out, int[] ids, long min, long max) {
        int start = WalRecords.begin(out);
        out.putByte(MetricsRecord.TOMBSTONES).putUvarint(ids.length);
        for (int id : ids) {
            out.putUvarint(id).putVarint(min).putUvarint(max - min);
        }
        WalRecords.end(out, start);
    }

    /** The samples, exemplars and metadata of one commit, one record each when present. */
    public static void batch(EncodeBuffer out, CommitBatch batch) {
        int n = batch.sampleCount();
        // One record per run of samples of one kind, so that replay applies them in commit order;
        // only a run that holds a start timestamp pays for a start column.
        int runStart = 0;
        boolean runStarts = n > 0 && batch.sampleStartTime(0) != 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || kind(batch.sampleHistogram(i)) != kind(batch.sampleHistogram(runStart))) {
                samples(out, batch, runStart, i, runStarts);
                runStart = i;
                runStarts = false;
            }
            if (i < n) {
                runStarts |= batch.sampleStartTime(i) != 0;
            }
        }
        int e = batch.exemplarCount();
        if (e > 0) {
            int start = WalRecords.begin(out);
            out.putByte(MetricsRecord.EXEMPLARS).putUvarint(e);
            for (int i = 0; i < e; i++) {
                Exemplar exemplar = batch.exemplar(i);
                out.putUvarint(batch.exemplarSeries(i)).putVarint(exemplar.timestampMs())
                        .putByte(exemplar.hasTimestamp() ? 1 : 0).putDouble(exemplar.value());
                putLabels(out, exemplar.labels());
            }
            WalRecords.end(out, start);
        }
        int m = batch.metadataCount();
        if (m > 0) {
            int start = WalRecords.begin(out);
            out.putByte(MetricsRecord.METADATA).putUvarint(m);
            for (int i = 0; i < m; i++) {
                MetricMetadata metadata = batch.metadata(i);
                out.putString(batch.metadataMetric(i)).putString(metadata.type().name())
                        .putString(metadata.unit()).putString(metadata.help());
            }
            WalRecords.end(out, start);
        }
    }

    private static byte kind(Object histogram) {
        if (histogram == null) {
            return MetricsRecord.SAMPLES;
        }
        return histogram instanceof Histogram ? MetricsRecord.HISTOGRAMS : MetricsRecord.FLOAT_HISTOGRAMS;
    }

    private static void samples(EncodeBuffer out, CommitBatch batch, int from, int to, boolean withStarts) {
        byte kind = kind(batch.sampleHistogram(from));
        int start = WalRecords.begin(out);
        out.putByte(withStarts ? withStarts(kind) : kind).putUvarint(to - from);
        long baseId = batch.sampleSeries(from);
        long baseT = batch.sampleTime(from);
        out.putUvarint(baseId).putVarint(baseT);
        for (int i = from; i < to; i++) {
            out.putVarint(batch.sampleSeries(i) - baseId).putVarint(batch.sampleTime(i) - baseT);
            Object h = batch.sampleHistogram(i);
            if (h == null) {
                out.putDouble(batch.sampleValue(i));
            } else if (h instanceof Histogram histogram) {
                putHistogram(out, histogram);
            } else {
                putFloatHistogram(out, (FloatHistogram) h);
            }
            if (withStarts) {
                // Relative to the sample's own time: recent starts are short, and 0 (none) stays exact.
                out.putVarint(batch.sampleTime(i) - batch.sampleStartTime(i));
            }
        }
        WalRecords.end(out, start);
    }

    private static byte withStarts(byte kind) {
        return switch (kind) {
            case MetricsRecord.SAMPLES -> MetricsRecord.SAMPLES_WITH_STARTS;
            case MetricsRecord.HISTOGRAMS -> MetricsRecord.HISTOGRAMS_WITH_STARTS;
            default -> MetricsRecord.FLOAT_HISTOGRAMS_WITH_STARTS;
        };
    }

    static void putHistogram(EncodeBuffer out, Histogram h) {
        putLayout(out, h.counterResetHint().ordinal(), h.schema(), h.zeroThreshold(), h.customValues(), h.positiveSpans(), h.negativeSpans());
        out.putUvarint(h.count()).putUvarint(h.zeroCount()).putDouble(h.sum());
        putLongs(out, h.positiveBuckets());
        putLongs(out, h.negativeBuckets());
    }

    static void putFloatHistogram(EncodeBuffer out, FloatHistogram h) {
        putLayout(out, h.counterResetHint().ordinal(), h.schema(), h.zeroThreshold(), h.customValues(), h.positiveSpans(), h.negativeSpans());
        out.putDouble(h.count()).putDouble(h.zeroCount()).putDouble(h.sum());
        putDoubles(out, h.positiveBuckets());
        putDoubles(out, h.negativeBuckets());
    }

    private static void putLayout(EncodeBuffer out, int hint, int schema, double zeroThreshold, double[] custom, Span[] pos, Span[] neg) {
        out.putByte(hint).putVarint(schema).putDouble(zeroThreshold);
        putDoubles(out, custom);
        putSpans(out, pos);
        putSpans(out, neg);
    }

    private static void putSpans(EncodeBuffer out, Span[] spans) {
        out.putUvarint(spans.length);
        for (Span span : spans) {
            out.putVarint(span.offset()).putUvarint(span.length());
        }
    }

    private static void putLongs(EncodeBuffer out, long[] values) {
        out.putUvarint(values.length);
        for (long v : values) {
            out.putVarint(v);
        }
    }

    private static void putDoubles(EncodeBuffer out, double[] values) {
        out.putUvarint(values.length);
        for (double v : values) {
            out.putDouble(v);
        }
    }

    static void putLabels(EncodeBuffer out, Labels labels) {
        out.putUvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            out.putString(labels.name(i)).putString(labels.value(i));
        }
    }
}
