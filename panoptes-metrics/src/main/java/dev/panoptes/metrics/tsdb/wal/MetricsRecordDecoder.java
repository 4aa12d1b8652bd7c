package dev.panoptes.metrics.tsdb.wal;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.DecodeBuffer;
import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.MetricType;

/**
 * Decodes one metrics record of the log and hands its contents to a {@link Visitor}, so that
 * replay (which applies them) and checkpointing (which keeps some) read records one way.
 *
 * <p>Not thread-safe; reusable.
 */
public final class MetricsRecordDecoder {

    /** Receives the contents of records; series ids are as logged. */
    public interface Visitor {
        void series(int id, Labels labels);

        /** A float sample; {@code st} is its start timestamp, 0 for none. */
        void sample(int id, long st, long t, double value);

        /** A {@link Histogram} or a {@link FloatHistogram}, freshly decoded (the visitor may keep it). */
        void histogram(int id, long st, long t, Object histogram);

        void exemplar(int id, Exemplar exemplar);

        void metadata(String metric, MetricMetadata metadata);

        /** Samples of series {@code id} in {@code [min, max]} were deleted. */
        void tombstone(int id, long min, long max);
    }

    private final DecodeBuffer dec = new DecodeBuffer(new byte[0]);

    /**
     * Decodes the record in {@code buf[offset, offset + length)}.
     *
     * @throws CorruptDataException if it does not decode (some of its contents may have been visited)
     */
    public void decode(byte[] buf, int offset, int length, Visitor visitor) {
        dec.reset(buf, offset, length);
        int type = dec.getByte();
        switch (type) {
            case MetricsRecord.SERIES -> series(visitor);
            case MetricsRecord.SAMPLES, MetricsRecord.HISTOGRAMS, MetricsRecord.FLOAT_HISTOGRAMS -> samples(type, false, visitor);
            case MetricsRecord.SAMPLES_WITH_STARTS -> samples(MetricsRecord.SAMPLES, true, visitor);
            case MetricsRecord.HISTOGRAMS_WITH_STARTS -> samples(MetricsRecord.HISTOGRAMS, true, visitor);
            case MetricsRecord.FLOAT_HISTOGRAMS_WITH_STARTS -> samples(MetricsRecord.FLOAT_HISTOGRAMS, true, visitor);
            case MetricsRecord.EXEMPLARS -> exemplars(visitor);
            case MetricsRecord.METADATA -> metadata(visitor);
            case MetricsRecord.TOMBSTONES -> tombstones(visitor);
            default -> throw new CorruptDataException("unknown record type " + type);
        }
    }

    private void series(Visitor visitor) {
        int n = dec.getUvarintInt();
        for (int i = 0; i < n; i++) {
            int id = dec.getUvarintInt();
            visitor.series(id, getLabels());
        }
    }

    private void samples(int type, boolean withStarts, Visitor visitor) {
        int n = dec.getUvarintInt();
        long baseId = dec.getUvarint();
        long baseT = dec.getVarint();
        for (int i = 0; i < n; i++) {
            int id = (int) (baseId + dec.getVarint());
            long t = baseT + dec.getVarint();
            if (type == MetricsRecord.SAMPLES) {
                double value = dec.getDouble();
                visitor.sample(id, withStarts ? t - dec.getVarint() : 0, t, value);
            } else {
                Object histogram = type == MetricsRecord.HISTOGRAMS ? getHistogram() : getFloatHistogram();
                visitor.histogram(id, withStarts ? t - dec.getVarint() : 0, t, histogram);
            }
        }
    }

    private void exemplars(Visitor visitor) {
        int n = dec.getUvarintInt();
        for (int i = 0; i < n; i++) {
            int id = dec.getUvarintInt();
            long t = dec.getVarint();
            boolean hasTimestamp = dec.getByte() != 0;
            double value = dec.getDouble();
            visitor.exemplar(id, new Exemplar(getLabels(), value, t, hasTimestamp));
        }
    }

    private void metadata(Visitor visitor) {
        int n = dec.getUvarintInt();
        for (int i = 0; i < n; i++) {
            String metric = dec.getString();
            MetricType type = metricType(dec.getString());
            String unit = dec.getString();
            String help = dec.getString();
            visitor.metadata(metric, new MetricMetadata(type, help, unit));
        }
    }

    private void tombstones(Visitor visitor) {
        int n = dec.getUvarintInt();
        for (int i = 0; i < n; i++) {
            int id = dec.getUvarintInt();
            long min = dec.getVarint();
            visitor.tombstone(id, min, min + dec.getUvarint());
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
