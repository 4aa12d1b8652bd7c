package dev.panoptes.metrics.tsdb.head;

import dev.panoptes.metrics.storage.MetricMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metric metadata (type, help, unit) by metric name, each distinct entry kept once, newest last,
 * as Prometheus' {@code /api/v1/metadata} reports it.
 *
 * <p>Thread-safe by locking.
 */
final class MetadataStore {

    /** Distinct entries kept per metric; a target that keeps changing its help text cannot grow it without bound. */
    private static final int MAX_PER_METRIC = 10;

    private final TreeMap<String, List<MetricMetadata>> byMetric = new TreeMap<>();

    synchronized void put(String metric, MetricMetadata entry) {
        List<MetricMetadata> list = byMetric.computeIfAbsent(metric, m -> new ArrayList<>(1));
        int existing = list.indexOf(entry);
        if (existing == list.size() - 1 && existing >= 0) {
            return;
        }
        if (existing >= 0) {
            list.remove(existing);
        } else if (list.size() >= MAX_PER_METRIC) {
            list.remove(0);
        }
        list.add(entry);
    }

    synchronized Map<String, List<MetricMetadata>> select(String metric, int limit, int limitPerMetric) {
        Map<String, List<MetricMetadata>> result = new LinkedHashMap<>();
        Map<String, List<MetricMetadata>> source = metric == null || metric.isEmpty()
                ? byMetric
                : byMetric.containsKey(metric) ? Map.of(metric, byMetric.get(metric)) : Map.of();
        for (Map.Entry<String, List<MetricMetadata>> entry : source.entrySet()) {
            if (limit > 0 && result.size() >= limit) {
                break;
            }
            List<MetricMetadata> list = entry.getValue();
            if (limitPerMetric > 0 && list.size() > limitPerMetric) {
                list = list.subList(list.size() - limitPerMetric, list.size());
            }
            result.put(entry.getKey(), List.copyOf(list));
        }
        return result;
    }
}
