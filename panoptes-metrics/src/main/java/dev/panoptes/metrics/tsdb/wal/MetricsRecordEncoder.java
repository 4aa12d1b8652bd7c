package dev.panoptes.metrics.tsdb.wal;

import dev.panoptes.core.codec.EncodeBuffer;
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

    /** The samples, exemplars and metadata of one commit, one record each when present. */
    public static void batch(EncodeBuffer out, CommitBatch batch) {
        int n = batch.sampleCount();
        if (n > 0) {
            int start = WalRecords.begin(out);
            out.putByte(MetricsRecord.SAMPLES).putUvarint(n);
            long baseId = batch.sampleSeries(0);
            long baseT = batch.sampleTime(0);
            out.putUvarint(baseId).putVarint(baseT);
            for (int i = 0; i < n; i++) {
                out.putVarint(batch.sampleSeries(i) - baseId).putVarint(batch.sampleTime(i) - baseT).putDouble(batch.sampleValue(i));
            }
            WalRecords.end(out, start);
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
                out.putUvarint(batch.metadataSeries(i)).putString(metadata.type().name())
                        .putString(metadata.unit()).putString(metadata.help());
            }
            WalRecords.end(out, start);
        }
    }

    static void putLabels(EncodeBuffer out, Labels labels) {
        out.putUvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            out.putString(labels.name(i)).putString(labels.value(i));
        }
    }
}
