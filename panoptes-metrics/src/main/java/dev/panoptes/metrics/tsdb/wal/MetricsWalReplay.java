package dev.panoptes.metrics.tsdb.wal;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.DecodeBuffer;
import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.wal.WalReader;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.MetricType;
import dev.panoptes.metrics.tsdb.head.Head;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a head from its log: series first (each record precedes the samples that name it),
 * then samples, exemplars and metadata in commit order. A record that passes its checksum but
 * does not decode is skipped and reported; samples of series the log never named are counted
 * and dropped.
 */
public final class MetricsWalReplay {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsWalReplay.class);

    /**
     * What a replay restored and what it could not.
     *
     * @param samples float samples applied
     * @param dropped samples of unknown series, out of order, or in undecodable records
     * @param problems one line per damaged place
     */
    public record Result(long series, long samples, long dropped, List<String> problems) {
    }

    private final Head head;
    /** Logged id to head id, for series logged again under a new id after being dropped. */
    private final Map<Integer, Integer> aliases = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final DecodeBuffer dec = new DecodeBuffer(new byte[0]);
    private long series;
    private long samples;
    private long dropped;

    private MetricsWalReplay(Head head) {
        this.head = head;
    }

    public static Result replay(Path walDir, Head head) throws IOException {
        MetricsWalReplay replay = new MetricsWalReplay(head);
        WalReader.Report report = WalReader.replay(walDir, replay::record);
        replay.problems.addAll(0, report.problems());
        if (replay.dropped > 0) {
            LOG.warn("write-ahead log replay dropped {} samples of unknown series or out of order", replay.dropped);
        }
        return new Result(replay.series, replay.samples, replay.dropped, List.copyOf(replay.problems));
    }

    private void record(byte[] buf, int offset, int length) {
        dec.reset(buf, offset, length);
        int type = -1;
        try {
            type = dec.getByte();
            switch (type) {
                case MetricsRecord.SERIES -> series();
                case MetricsRecord.SAMPLES, MetricsRecord.HISTOGRAMS, MetricsRecord.FLOAT_HISTOGRAMS -> samples(type);
                case MetricsRecord.EXEMPLARS -> exemplars();
                case MetricsRecord.METADATA -> metadata();
                default -> problems.add("unknown record type " + type + " skipped");
            }
        } catch (CorruptDataException | IllegalArgumentException e) {
            String problem = "undecodable record of type " + type + " skipped: " + e.getMessage();
            LOG.warn("write-ahead log: {}", problem);
            problems.add(problem);
        }
    }

    private int resolve(int loggedId) {
        Integer alias = aliases.get(loggedId);
        return alias == null ? loggedId : alias;
    }

    private void series() {
        int n = dec.getUvarintInt();
        for (int i = 0; i < n; i++) {
            int id = dec.getUvarintInt();
            Labels labels = getLabels();
            int actual = head.restoreSeries(id, labels);
            if (actual != id) {
                aliases.put(id, actual);
            }
            series++;
        }
    }

    private void samples(int type) {
        int n = dec.getUvarintInt();
        long baseId = dec.getUvarint();
        long baseT = dec.getVarint();
        for (int i = 0; i < n; i++) {
            int id = resolve((int) (baseId + dec.getVarint()));
            long t = baseT + dec.getVarint();
            boolean applied = switch (type) {
                case MetricsRecord.SAMPLES -> head.restoreSample(id, t, dec.getDouble());
                case MetricsRecord.HISTOGRAMS -> head.restoreHistogram(id, t, getHistogram());
                default -> head.restoreHistogram(id, t, getFloatHistogram());
            };
            if (applied) {
                samples++;
            } else {
                dropped++;
            }
        }
    }

    private void exemplars() {
        int n = dec.getUvarintInt();
        for (int i = 0; i < n; i++) {
            int id = resolve(dec.getUvarintInt());
            long t = dec.getVarint();
            boolean hasTimestamp = dec.getByte() != 0;
            double value = dec.getDouble();
            Labels labels = getLabels();
            head.restoreExemplar(id, new Exemplar(labels, value, t, hasTimestamp));
        }
    }

    private void metadata() {
        int n = dec.getUvarintInt();
        for (int i = 0; i < n; i++) {
            int id = resolve(dec.getUvarintInt());
            MetricType type = metricType(dec.getString());
            String unit = dec.getString();
            String help = dec.getString();
            head.restoreMetadata(id, new MetricMetadata(type, help, unit));
        }
    }

    private static MetricType metricType(String name) {
        try {
            return MetricType.valueOf(name);
        } catch (IllegalArgumentException e) {
            return MetricType.UNKNOWN;
        }
    }

    private Histogram getHistogram() {
        Histogram h = new Histogram();
        h.counterResetHint(hint(dec.getByte())).schema((int) dec.getVarint()).zeroThreshold(dec.getDouble()).customValues(getDoubles())
                .positiveSpans(getSpans()).negativeSpans(getSpans());
        h.count(dec.getUvarint()).zeroCount(dec.getUvarint()).sum(dec.getDouble());
        return h.positiveBuckets(getLongs()).negativeBuckets(getLongs());
    }

    private FloatHistogram getFloatHistogram() {
        FloatHistogram h = new FloatHistogram();
        h.counterResetHint(hint(dec.getByte())).schema((int) dec.getVarint()).zeroThreshold(dec.getDouble()).customValues(getDoubles())
                .positiveSpans(getSpans()).negativeSpans(getSpans());
        h.count(dec.getDouble()).zeroCount(dec.getDouble()).sum(dec.getDouble());
        return h.positiveBuckets(getDoubles()).negativeBuckets(getDoubles());
    }

    private static CounterResetHint hint(int ordinal) {
        CounterResetHint[] hints = CounterResetHint.values();
        if (ordinal >= hints.length) {
            throw new CorruptDataException("unknown counter reset hint " + ordinal);
        }
        return hints[ordinal];
    }

    private Span[] getSpans() {
        Span[] spans = new Span[boundedLength()];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = new Span((int) dec.getVarint(), dec.getUvarintInt());
        }
        return spans;
    }

    private long[] getLongs() {
        long[] values = new long[boundedLength()];
        for (int i = 0; i < values.length; i++) {
            values[i] = dec.getVarint();
        }
        return values;
    }

    private double[] getDoubles() {
        double[] values = new double[boundedLength()];
        for (int i = 0; i < values.length; i++) {
            values[i] = dec.getDouble();
        }
        return values;
    }

    /** A count of array elements that the rest of the record could possibly hold. */
    private int boundedLength() {
        int n = dec.getUvarintInt();
        if (n > dec.remaining()) {
            throw new CorruptDataException("array of " + n + " elements in a record with " + dec.remaining() + " bytes left");
        }
        return n;
    }

    private Labels getLabels() {
        int n = dec.getUvarintInt();
        Labels.Builder builder = Labels.builder();
        for (int i = 0; i < n; i++) {
            builder.set(dec.getString(), dec.getString());
        }
        return builder.build();
    }
}
