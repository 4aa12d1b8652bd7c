package dev.panoptes.metrics.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.wal.WalRecords;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.tsdb.head.HeadJournal.CommitBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsRecordsStartTimestampTest {

    /** A commit of samples given as {id, st, t, value-or-histogram}. */
    private record Batch(List<Object[]> samples) implements CommitBatch {
        @Override
        public int sampleCount() {
            return samples.size();
        }

        @Override
        public int sampleSeries(int i) {
            return (int) samples.get(i)[0];
        }

        @Override
        public long sampleStartTime(int i) {
            return (long) samples.get(i)[1];
        }

        @Override
        public long sampleTime(int i) {
            return (long) samples.get(i)[2];
        }

        @Override
        public double sampleValue(int i) {
            return samples.get(i)[3] instanceof Double d ? d : 0;
        }

        @Override
        public Object sampleHistogram(int i) {
            return samples.get(i)[3] instanceof Double ? null : samples.get(i)[3];
        }

        @Override
        public int exemplarCount() {
            return 0;
        }

        @Override
        public int exemplarSeries(int i) {
            throw new IndexOutOfBoundsException();
        }

        @Override
        public Exemplar exemplar(int i) {
            throw new IndexOutOfBoundsException();
        }

        @Override
        public int metadataCount() {
            return 0;
        }

        @Override
        public String metadataMetric(int i) {
            throw new IndexOutOfBoundsException();
        }

        @Override
        public MetricMetadata metadata(int i) {
            throw new IndexOutOfBoundsException();
        }
    }

    /** Decodes every framed record of {@code out}; returns the record types and fills {@code seen} with "id st t". */
    private static List<Integer> decode(EncodeBuffer out, List<String> seen) {
        List<Integer> types = new ArrayList<>();
        MetricsRecordDecoder decoder = new MetricsRecordDecoder();
        byte[] bytes = out.array();
        int pos = 0;
        while (pos < out.length()) {
            int length = (bytes[pos] & 0xFF) << 24 | (bytes[pos + 1] & 0xFF) << 16 | (bytes[pos + 2] & 0xFF) << 8 | (bytes[pos + 3] & 0xFF);
            int payload = pos + WalRecords.HEADER_BYTES;
            types.add((int) bytes[payload]);
            decoder.decode(bytes, payload, length, new MetricsRecordDecoder.Visitor() {
                @Override
                public void series(int id, Labels labels) {
                }

                @Override
                public void sample(int id, long st, long t, double value) {
                    seen.add(id + " " + st + " " + t + " " + value);
                }

                @Override
                public void histogram(int id, long st, long t, Object histogram) {
                    seen.add(id + " " + st + " " + t + " " + histogram.getClass().getSimpleName());
                }

                @Override
                public void exemplar(int id, Exemplar exemplar) {
                }

                @Override
                public void metadata(String metric, MetricMetadata metadata) {
                }

                @Override
                public void tombstone(int id, long min, long max) {
                }
            });
            pos = payload + length;
        }
        return types;
    }

    @Test
    void batchesWithoutStartTimestampsKeepTheOriginalRecordTypes() {
        EncodeBuffer out = new EncodeBuffer(256);
        MetricsRecordEncoder.batch(out, new Batch(List.of(
                new Object[] {1, 0L, 1000L, 1.5},
                new Object[] {2, 0L, 1000L, 2.5},
                new Object[] {3, 0L, 1000L, new Histogram().count(1)})));
        List<String> seen = new ArrayList<>();
        assertThat(decode(out, seen)).containsExactly((int) MetricsRecord.SAMPLES, (int) MetricsRecord.HISTOGRAMS);
        assertThat(seen).containsExactly("1 0 1000 1.5", "2 0 1000 2.5", "3 0 1000 Histogram");
    }

    @Test
    void runsWithAStartTimestampUseTheRecordsThatCarryThem() {
        EncodeBuffer out = new EncodeBuffer(256);
        MetricsRecordEncoder.batch(out, new Batch(List.of(
                new Object[] {1, 0L, 5000L, 1.0},
                new Object[] {2, 4000L, 5000L, 2.0},
                new Object[] {3, 9999L, 5000L, new Histogram().count(1)},
                new Object[] {4, 1L, 5000L, new FloatHistogram().count(1)},
                new Object[] {5, 0L, 6000L, 3.0})));
        List<String> seen = new ArrayList<>();
        assertThat(decode(out, seen)).containsExactly((int) MetricsRecord.SAMPLES_WITH_STARTS, (int) MetricsRecord.HISTOGRAMS_WITH_STARTS,
                (int) MetricsRecord.FLOAT_HISTOGRAMS_WITH_STARTS, (int) MetricsRecord.SAMPLES);
        assertThat(seen).containsExactly("1 0 5000 1.0", "2 4000 5000 2.0", "3 9999 5000 Histogram", "4 1 5000 FloatHistogram",
                "5 0 6000 3.0");
    }
}
