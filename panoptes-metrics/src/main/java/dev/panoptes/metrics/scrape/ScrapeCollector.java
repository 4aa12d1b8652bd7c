package dev.panoptes.metrics.scrape;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.MetricType;
import dev.panoptes.wire.exposition.ExpositionSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what one scrape's parser gives, whatever the format: each sample or native histogram
 * with the target's labels (the target's win and clashes become {@code exported_*}, unless
 * honor_labels), after metric_relabel_configs; and each family's metadata.
 *
 * <p>Not thread-safe; one per scrape.
 */
final class ScrapeCollector implements ExpositionSink {

    /**
     * One scraped series' sample: a float, or a native histogram (one of the two histogram fields
     * set, copied), with what came with it.
     */
    record ScrapedSample(Labels labels, double value, long timestampMs, ParsedExemplar exemplar, long createdMs,
                         Histogram histogram, FloatHistogram floatHistogram, List<ParsedExemplar> exemplars) {

        boolean isHistogram() {
            return histogram != null || floatHistogram != null;
        }
    }

    private final Labels targetLabels;
    private final boolean honorLabels;
    private final Relabeler metricRelabeler;
    final List<ScrapedSample> samples = new ArrayList<>();
    final Map<String, MetricMetadata> metadata = new HashMap<>();
    /** Samples and histograms the target exposed, before relabelling. */
    int exposed;

    ScrapeCollector(Labels targetLabels, boolean honorLabels, Relabeler metricRelabeler) {
        this.targetLabels = targetLabels;
        this.honorLabels = honorLabels;
        this.metricRelabeler = metricRelabeler;
    }

    @Override
    public void type(String family, String type) {
        metadata.merge(family, new MetricMetadata(metricType(type), "", ""), (a, b) -> new MetricMetadata(b.type(), a.help(), a.unit()));
    }

    @Override
    public void help(String family, String help) {
        metadata.merge(family, new MetricMetadata(MetricType.UNKNOWN, help, ""), (a, b) -> new MetricMetadata(a.type(), b.help(), a.unit()));
    }

    @Override
    public void unit(String family, String unit) {
        metadata.merge(family, new MetricMetadata(MetricType.UNKNOWN, "", unit), (a, b) -> new MetricMetadata(a.type(), a.help(), b.unit()));
    }

    @Override
    public void sample(Labels labels, double value, long timestampMs, ParsedExemplar exemplar) {
        sample(labels, value, timestampMs, exemplar, NO_TIMESTAMP);
    }

    @Override
    public void sample(Labels labels, double value, long timestampMs, ParsedExemplar exemplar, long createdMs) {
        exposed++;
        Labels kept = relabel(labels);
        if (kept != null) {
            samples.add(new ScrapedSample(kept, value, timestampMs, exemplar, createdMs, null, null, List.of()));
        }
    }

    @Override
    public void histogram(Labels labels, Histogram histogram, FloatHistogram floatHistogram, long timestampMs, long createdMs,
                          List<ParsedExemplar> exemplars) {
        exposed++;
        Labels kept = relabel(labels);
        if (kept != null) {
            samples.add(new ScrapedSample(kept, 0, timestampMs, null, createdMs, histogram == null ? null : histogram.copy(),
                    floatHistogram == null ? null : floatHistogram.copy(), List.copyOf(exemplars)));
        }
    }

    private Labels relabel(Labels scraped) {
        Labels merged = merge(scraped);
        return metricRelabeler.isEmpty() ? merged : metricRelabeler.apply(merged);
    }

    /** The scraped labels with the target's: the target's win unless honor_labels, clashes kept as exported_*. */
    private Labels merge(Labels scraped) {
        Labels.Builder builder = scraped.toBuilder();
        for (int i = 0; i < targetLabels.size(); i++) {
            String name = targetLabels.name(i);
            String existing = scraped.get(name);
            if (existing.isEmpty()) {
                builder.set(name, targetLabels.value(i));
            } else if (!honorLabels) {
                builder.set("exported_" + name, existing);
                builder.set(name, targetLabels.value(i));
            }
        }
        return builder.build();
    }

    private static MetricType metricType(String type) {
        return switch (type) {
            case "counter" -> MetricType.COUNTER;
            case "gauge" -> MetricType.GAUGE;
            case "histogram" -> MetricType.HISTOGRAM;
            case "gaugehistogram" -> MetricType.GAUGEHISTOGRAM;
            case "summary" -> MetricType.SUMMARY;
            case "info" -> MetricType.INFO;
            case "stateset" -> MetricType.STATESET;
            default -> MetricType.UNKNOWN;
        };
    }
}
