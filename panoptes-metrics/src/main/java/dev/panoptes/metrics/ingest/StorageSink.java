package dev.panoptes.metrics.ingest;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.MetricType;
import dev.panoptes.metrics.storage.SampleRejectedException;
import dev.panoptes.metrics.storage.SampleRejectedException.Reason;
import dev.panoptes.wire.remotewrite.RemoteWriteSink;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Appends decoded series to a storage appender (for remote write and OTLP alike), counting what
 * the storage refuses by reason instead of failing the request. Each sample is stored with its
 * start timestamp: its own when the sender gave one, else its series' created timestamp.
 *
 * <p>Not thread-safe: one per request.
 */
final class StorageSink implements RemoteWriteSink {
    private final Appender appender;
    /** Null unless created timestamps become zero samples. */
    private final CreatedTimestampZeros.Filter createdZeros;
    private final Map<Reason, Long> refused = new EnumMap<>(Reason.class);
    private Labels series;
    private long ref;
    /** The current series' created timestamp, the start of its samples that carry none; 0 for none. */
    private long seriesStart;
    /** The current series' created timestamp not yet written as a zero sample; 0 for none. */
    private long pendingCreated;
    long samples;
    long histograms;
    long exemplars;

    StorageSink(Appender appender) {
        this(appender, null);
    }

    StorageSink(Appender appender, CreatedTimestampZeros.Filter createdZeros) {
        this.appender = appender;
        this.createdZeros = createdZeros;
    }

    @Override
    public void series(Labels labels) {
        series = labels;
        ref = 0;
        seriesStart = 0;
        pendingCreated = 0;
    }

    @Override
    public void createdTimestamp(long timestampMs) {
        seriesStart = timestampMs;
        if (createdZeros != null) {
            pendingCreated = timestampMs;
        }
    }

    /**
     * Before the first sample of a series with a created timestamp older than it: a zero at the
     * created timestamp, once per created timestamp. Not counted as written; when the store refuses
     * it (the series already has later samples) it is left out without counting a refusal.
     */
    private void createdZero(long timestampMs, Histogram histogram, FloatHistogram floatHistogram) {
        long created = pendingCreated;
        pendingCreated = 0;
        if (created >= timestampMs || !createdZeros.firstTime(series, created)) {
            return;
        }
        try {
            if (histogram != null) {
                ref = appender.appendHistogram(ref, series, created,
                        new Histogram().schema(histogram.schema()).zeroThreshold(histogram.zeroThreshold()), null);
            } else if (floatHistogram != null) {
                ref = appender.appendHistogram(ref, series, created, null,
                        new FloatHistogram().schema(floatHistogram.schema()).zeroThreshold(floatHistogram.zeroThreshold()));
            } else {
                ref = appender.append(ref, series, created, 0);
            }
        } catch (SampleRejectedException e) {
            // Older than what the series holds: the counter's start is already behind its data.
        }
    }

    @Override
    public void sample(long timestampMs, double value) {
        sample(0, timestampMs, value);
    }

    @Override
    public void sample(long startTimestampMs, long timestampMs, double value) {
        if (pendingCreated != 0) {
            createdZero(timestampMs, null, null);
        }
        try {
            ref = appender.append(ref, series, startTimestampMs != 0 ? startTimestampMs : seriesStart, timestampMs, value);
            samples++;
        } catch (SampleRejectedException e) {
            refused.merge(e.reason(), 1L, Long::sum);
        }
    }

    @Override
    public void histogram(long timestampMs, Histogram histogram, FloatHistogram floatHistogram) {
        histogram(0, timestampMs, histogram, floatHistogram);
    }

    @Override
    public void histogram(long startTimestampMs, long timestampMs, Histogram histogram, FloatHistogram floatHistogram) {
        if (pendingCreated != 0) {
            createdZero(timestampMs, histogram, floatHistogram);
        }
        try {
            ref = appender.appendHistogram(ref, series, startTimestampMs != 0 ? startTimestampMs : seriesStart, timestampMs,
                    histogram, floatHistogram);
            histograms++;
        } catch (SampleRejectedException e) {
            refused.merge(e.reason(), 1L, Long::sum);
        }
    }

    @Override
    public void exemplar(Labels labels, double value, long timestampMs) {
        try {
            ref = appender.appendExemplar(ref, series, new Exemplar(labels, value, timestampMs, timestampMs != 0));
            exemplars++;
        } catch (SampleRejectedException e) {
            // Exemplars are best effort, as in Prometheus: refusing one does not fail the request.
        }
    }

    @Override
    public void metadata(String metricFamily, String type, String help, String unit) {
        MetricType metricType;
        try {
            metricType = MetricType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            metricType = MetricType.UNKNOWN;
        }
        if (!metricFamily.isEmpty()) {
            appender.updateMetadata(0, Labels.of(Labels.METRIC_NAME, metricFamily), new MetricMetadata(metricType, help, unit));
        }
    }

    long refusedSamples() {
        long total = 0;
        for (long n : refused.values()) {
            total += n;
        }
        return total;
    }

    String refusalMessage() {
        StringBuilder message = new StringBuilder();
        message.append(refusedSamples()).append(" of ").append(refusedSamples() + samples + histograms).append(" samples refused (");
        boolean first = true;
        for (Map.Entry<Reason, Long> entry : refused.entrySet()) {
            message.append(first ? "" : ", ").append(entry.getKey().message()).append(": ").append(entry.getValue());
            first = false;
        }
        return message.append("); the rest were stored").toString();
    }
}
